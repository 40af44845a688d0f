import { ICON_PATHS, iconStrokeWidth, type IconName } from '../../../common/ui/iconPaths.js';

export type { IconName };

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[name]} fill="none" stroke="currentColor" strokeWidth={iconStrokeWidth(name)} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
