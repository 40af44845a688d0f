import type { ReactNode } from 'react';
import { Icon } from './Icon.js';

/** A calm, full-width notice above the list: the vault is not ready, the list could not be read. */
export function StatusBanner({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="banner" role="alert">
      <span className="banner__icon">
        <Icon name="alert" />
      </span>
      <div className="banner__body">
        <p className="banner__title">{title}</p>
        {children && <p className="banner__text">{children}</p>}
      </div>
      {action}
    </div>
  );
}
