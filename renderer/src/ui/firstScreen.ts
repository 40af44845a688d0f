/**
 * The browser host draws a first screen of codes into the page before the scripts load
 * (main/host/firstScreen.ts). It lies over the app; React takes it away once it shows codes of its own,
 * in a layout effect, so both are never seen at once and nothing flickers between them.
 */
export function dismissFirstScreen(): void {
  const picture = document.getElementById('first-screen');
  if (!picture) return;
  picture.remove();
  const root = document.getElementById('root');
  if (root) root.inert = false;
}

/** However the first render goes (an error screen, a bridge that never answers), the picture goes too. */
export const FIRST_SCREEN_LIMIT_MS = 2_000;
