import { describe, expect, it } from 'vitest';
import { newAuditEventId } from './auditEventId.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('audit event ids', () => {
  it('are UUIDs of version 7 whose first 48 bits are the time in milliseconds', () => {
    const at = new Date('2026-11-23T19:45:00.123Z');
    const id = newAuditEventId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at.getTime());
  });

  it('sort by time, and differ within one millisecond', () => {
    const at = new Date('2026-11-23T19:45:00.123Z');
    const sameMs = Array.from({ length: 1000 }, () => newAuditEventId(at));
    expect(new Set(sameMs).size).toBe(1000);
    const later = newAuditEventId(new Date(at.getTime() + 1));
    expect(sameMs.every((id) => id < later)).toBe(true);
    expect(newAuditEventId(new Date(0)) < newAuditEventId(new Date('1990-01-01T00:00:00Z'))).toBe(true);
  });

  it('refuses instants that 48 bits of milliseconds cannot hold', () => {
    expect(() => newAuditEventId(new Date(-1))).toThrow(RangeError);
    expect(() => newAuditEventId(new Date(Number.NaN))).toThrow(RangeError);
  });
});
