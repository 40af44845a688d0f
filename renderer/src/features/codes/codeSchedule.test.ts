import { describe, expect, it } from 'vitest';
import type { CodeView } from '../../../../common/ipc/views.js';
import { mergeSnapshot, nextBoundary, rollOver } from './codeSchedule.js';

const totp = (id: string, periodStart: number, periodEnd: number, current = '111111', next: string | null = '222222'): CodeView => ({
  id,
  current,
  next,
  periodStart,
  periodEnd,
});
const hotp = (id: string): CodeView => ({ id, current: '333333', next: null, periodStart: null, periodEnd: null });

describe('nextBoundary', () => {
  it('is the earliest end of any period', () => {
    const codes = new Map([
      ['a', totp('a', 0, 60_000)],
      ['b', totp('b', 0, 30_000)],
      ['h', hotp('h')],
    ]);
    expect(nextBoundary(codes)).toBe(30_000);
  });
  it('is null when only counter-based codes are shown', () => {
    expect(nextBoundary(new Map([['h', hotp('h')]]))).toBeNull();
  });
});

describe('rollOver', () => {
  it('shows the next code once its period has begun', () => {
    const rolled = rollOver(new Map([['a', totp('a', 0, 30_000)]]), 30_000);
    expect(rolled.get('a')).toEqual({ id: 'a', current: '222222', next: null, periodStart: 30_000, periodEnd: 60_000 });
  });
  it('leaves codes whose period has not ended, and counter-based codes, as they are', () => {
    const a = totp('a', 0, 60_000);
    const h = hotp('h');
    const rolled = rollOver(new Map([['a', a], ['h', h]]), 30_000);
    expect(rolled.get('a')).toBe(a);
    expect(rolled.get('h')).toBe(h);
  });
  it('keeps an expired code when there is no next one to show', () => {
    const a = totp('a', 0, 30_000, '111111', null);
    expect(rollOver(new Map([['a', a]]), 31_000).get('a')).toBe(a);
  });
});

describe('mergeSnapshot', () => {
  it('keeps the same object for a code that did not change', () => {
    const a = totp('a', 0, 30_000);
    const merged = mergeSnapshot(new Map([['a', a]]), [{ ...a }, totp('b', 0, 30_000)]);
    expect(merged.get('a')).toBe(a);
    expect(merged.get('b')?.current).toBe('111111');
  });
  it('drops codes that are no longer in the snapshot', () => {
    expect(mergeSnapshot(new Map([['a', totp('a', 0, 1)]]), []).size).toBe(0);
  });
});
