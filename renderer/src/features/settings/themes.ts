import type { Settings } from '../../../../common/ipc/views.js';

export type Theme = Settings['theme'];

// A copy of THEMES in common/ipc/views.ts: importing that module's values would pull zod into the
// renderer bundle. The check below fails to compile if the lists drift apart.
export const THEME_CHOICES = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const satisfies readonly { value: Theme; label: string }[];

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const allThemes: Missing<Theme, (typeof THEME_CHOICES)[number]['value']> = true;
void allThemes;
