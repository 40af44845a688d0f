import { describe, expect, it } from 'vitest';
import { countdown, ringDashOffset } from './countdown.js';

const start = 1_700_000_010_000;
const end = start + 30_000;

describe('countdown', () => {
  it('is at zero elapsed with the whole period left at the start', () => {
    expect(countdown(start, start, end)).toEqual({ elapsed: 0, secondsLeft: 30, warning: false, showNext: false });
  });
  it('rounds the seconds left up, as a person counts them', () => {
    expect(countdown(start + 800, start, end).secondsLeft).toBe(30);
    expect(countdown(start + 1_000, start, end).secondsLeft).toBe(29);
  });
  it('turns to warning in the last five seconds', () => {
    expect(countdown(end - 5_001, start, end).warning).toBe(false);
    expect(countdown(end - 5_000, start, end).warning).toBe(true);
  });
  it('shows the next code in the last seven seconds', () => {
    expect(countdown(end - 7_001, start, end).showNext).toBe(false);
    expect(countdown(end - 6_500, start, end).showNext).toBe(true);
  });
  it('stays within the period when the clock is past its end or before its start', () => {
    expect(countdown(end + 2_000, start, end)).toMatchObject({ elapsed: 1, secondsLeft: 0 });
    expect(countdown(start - 2_000, start, end)).toMatchObject({ elapsed: 0, secondsLeft: 30 });
  });
  it('handles periods other than thirty seconds', () => {
    expect(countdown(start + 30_000, start, start + 60_000)).toMatchObject({ elapsed: 0.5, secondsLeft: 30 });
  });
});

describe('ringDashOffset', () => {
  it('goes from a full ring to an empty one over the period', () => {
    expect(ringDashOffset(0, 100)).toBe(0);
    expect(ringDashOffset(0.25, 100)).toBe(25);
    expect(ringDashOffset(1.5, 100)).toBe(100);
  });
});
