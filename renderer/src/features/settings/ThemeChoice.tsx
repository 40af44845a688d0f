import { useId } from 'react';
import { THEME_CHOICES, type Theme } from './themes.js';

export interface ThemeChoiceProps {
  value: Theme;
  onChange: (theme: Theme) => void;
}

/**
 * Appearance as native radio buttons in a fieldset, drawn as a segmented control: the browser gives
 * arrow-key movement, one Tab stop and "1 of 3" announcements for free.
 */
export function ThemeChoice({ value, onChange }: ThemeChoiceProps) {
  const name = useId();
  const hintId = `${name}-hint`;
  return (
    <fieldset className="field theme-choice" aria-describedby={hintId}>
      <legend className="field__label">Appearance</legend>
      <div className="theme-choice__options">
        {THEME_CHOICES.map((choice) => (
          <label key={choice.value} className="theme-choice__option">
            <input type="radio" name={name} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      <p id={hintId} className="field__hint">
        System follows your computer’s light or dark mode.
      </p>
    </fieldset>
  );
}
