import Conf from 'conf';
import { SettingsSchema, type Settings } from '../../../common/ipc/views.js';

export const DEFAULT_SETTINGS: Settings = { clipboardClearSeconds: 30, theme: 'system' };

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/**
 * App preferences in `settings.json` beside the profiles (conf: electron-store's own store, usable
 * without Electron). A file edited by hand into something invalid falls back to the defaults field by
 * field instead of refusing to start.
 */
export function openSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', projectName: 'twofold' });
  const read = (): Settings => {
    const raw = conf.store;
    const merged = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const field = SettingsSchema.shape[key].safeParse(raw[key]);
      if (field.success) Object.assign(merged, { [key]: field.data });
    }
    return merged;
  };
  return {
    get: read,
    update(patch) {
      const next = SettingsSchema.parse({ ...read(), ...patch });
      conf.store = next;
      return next;
    },
  };
}

/** For hosts that must not write anywhere (tests of pure wiring). */
export function memorySettingsStore(initial: Settings = DEFAULT_SETTINGS): SettingsStore {
  let current = initial;
  return { get: () => current, update: (patch) => (current = SettingsSchema.parse({ ...current, ...patch })) };
}
