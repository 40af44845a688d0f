import { describe, expect, it } from 'vitest';
import { clearChoices, clearLabel } from './clearChoices.js';

describe('clearChoices', () => {
  it('offers the presets from 10 s to 2 min, with Never last', () => {
    expect(clearChoices(30).map((c) => c.label)).toEqual(['10 s', '20 s', '30 s (default)', '45 s', '60 s', '90 s', '2 min', 'Never']);
  });
  it('stores Never as 0 seconds, as the setting does', () => {
    expect(clearChoices(0).at(-1)).toEqual({ seconds: 0, label: 'Never' });
    expect(clearChoices(0)).toHaveLength(8);
  });
  it('keeps a saved value that is not a preset in its place, so the select shows what is in force', () => {
    expect(clearChoices(15).map((c) => c.seconds)).toEqual([10, 15, 20, 30, 45, 60, 90, 120, 0]);
    expect(clearChoices(600).map((c) => c.label).slice(-2)).toEqual(['10 min', 'Never']);
  });
});

describe('clearLabel', () => {
  it('shows whole minutes from 2 min up and seconds below', () => {
    expect(clearLabel(90)).toBe('90 s');
    expect(clearLabel(150)).toBe('150 s');
    expect(clearLabel(3600)).toBe('60 min');
  });
});
