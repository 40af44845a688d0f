/**
 * The handful of line icons the app uses, drawn on a 20-unit grid with the current text colour. Shared by
 * the renderer's <Icon> and the browser host's first screen (main/host/firstScreen.ts), which draws the
 * same icons before React has loaded.
 */
export const ICON_PATHS = {
  plus: 'M10 4v12M4 10h12',
  search: 'M8.5 14a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11ZM12.5 12.5 17 17',
  edit: 'M12.5 4.5l3 3L7 16H4v-3l8.5-8.5Z',
  trash: 'M4 6h12M8 6V4h4v2M6 6l.7 10h6.6L14 6',
  grip: 'M7 5h.01M13 5h.01M7 10h.01M13 10h.01M7 15h.01M13 15h.01',
  close: 'M5 5l10 10M15 5 5 15',
  copy: 'M7 7h9v9H7zM4 13V4h9',
  check: 'M4 10.5 8 14.5 16 6',
  alert: 'M10 3 18 17H2L10 3ZM10 8v4M10 14.5h.01',
  refresh: 'M16 10a6 6 0 1 1-1.8-4.3M16 3v4h-4',
  key: 'M12.5 3a4.5 4.5 0 1 1-2.9 7.9L4 16.5V14h2v-2h2l1.6-1.6A4.5 4.5 0 0 1 12.5 3ZM13.5 6.5h.01',
  shield: 'M10 2.5 16 5v5c0 3.6-2.6 6.5-6 7.5-3.4-1-6-3.9-6-7.5V5l6-2.5ZM7.2 10l2 2 3.8-4',
  // A gear (8 teeth) around a hub: the sun-like rays it replaced read as “brightness” next to a theme setting.
  settings:
    'M17.93 8.94L17.93 11.06L16.03 11.45L15.29 13.24L16.36 14.85L14.85 16.36L13.24 15.29L11.45 16.03L11.06 17.93L8.94 17.93L8.55 16.03L6.76 15.29L5.15 16.36L3.64 14.85L4.71 13.24L3.97 11.45L2.07 11.06L2.07 8.94L3.97 8.55L4.71 6.76L3.64 5.15L5.15 3.64L6.76 4.71L8.55 3.97L8.94 2.07L11.06 2.07L11.45 3.97L13.24 4.71L14.85 3.64L16.36 5.15L15.29 6.76L16.03 8.55ZM12.5 10a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0Z',
  chevron: 'M6 8l4 4 4-4',
  more: 'M5 10h.01M10 10h.01M15 10h.01',
} as const;

export type IconName = keyof typeof ICON_PATHS;

/** Dots (grip, more) are drawn as round caps of zero-length lines, so they need a thicker stroke. */
export const iconStrokeWidth = (name: IconName) => (name === 'grip' || name === 'more' ? 2.8 : 1.6);
