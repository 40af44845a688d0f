import { describe, expect, it } from 'vitest';
import { copiedMessage, secondsLeft } from './copyToast.js';

describe('secondsLeft', () => {
  const deadline = 100_000;
  it('shows the full time for the whole first second', () => {
    expect(secondsLeft(deadline, deadline - 30_000)).toBe(30);
    expect(secondsLeft(deadline, deadline - 29_001)).toBe(30);
    expect(secondsLeft(deadline, deadline - 29_000)).toBe(29);
  });
  it('stops at 1 rather than showing 0 or less while the clear is on its way', () => {
    expect(secondsLeft(deadline, deadline - 400)).toBe(1);
    expect(secondsLeft(deadline, deadline)).toBe(1);
    expect(secondsLeft(deadline, deadline + 5_000)).toBe(1);
  });
});

describe('copiedMessage', () => {
  it('says when the clipboard clears', () => {
    expect(copiedMessage(30)).toBe('Copied — clears in 30 s');
  });
  it('says only "Copied" when clearing is off', () => {
    expect(copiedMessage(null)).toBe('Copied');
  });
});
