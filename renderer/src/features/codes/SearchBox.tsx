import type { Ref } from 'react';
import { Icon } from '../../ui/Icon.js';

export interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  resultCount: number | null;
  ref?: Ref<HTMLInputElement>;
}

/** Search as you type. `/` or Ctrl/⌘+F lands here; Esc clears it (handled with the other shortcuts). */
export function SearchBox({ value, onChange, resultCount, ref }: SearchBoxProps) {
  return (
    <div className="search">
      <span className="search__icon">
        <Icon name="search" size={17} />
      </span>
      <input
        ref={ref}
        type="search"
        role="searchbox"
        aria-label="Search accounts"
        className="search__input"
        placeholder="Search accounts"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
      {value ? (
        <span className="search__count" aria-live="polite">
          {resultCount === null ? '' : `${resultCount} found`}
        </span>
      ) : (
        <kbd className="search__hint" aria-hidden="true">
          /
        </kbd>
      )}
    </div>
  );
}
