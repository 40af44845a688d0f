import { useEffect } from 'react';
import { bootstrapped } from '../../api/bootstrap.js';
import { call } from '../../api/twofold.js';
import type { Theme } from './themes.js';

/**
 * Applies the saved theme at start. "system" follows the OS (`prefers-color-scheme`), "light" and "dark"
 * pin it. The colours themselves are CSS variables in base.css keyed on `data-theme`; the Settings
 * dialog calls applyTheme directly while the person tries the choices out.
 */
export function useTheme(): void {
  useEffect(() => {
    let live = true;
    void bootstrapped().then(async (boot) => {
      const theme = boot ? boot.value.settings.theme : await call('settings:get', {}).then((r) => (r.ok ? r.value.theme : null));
      if (live && theme) applyTheme(theme);
    });
    return () => {
      live = false;
    };
  }, []);
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
