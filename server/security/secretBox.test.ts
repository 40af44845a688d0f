import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secretBox.js';
import { secretKeyRing } from './secretKeyRing.js';
import { randomSecretKey } from './testing/securityFixtures.js';

const plaintext = Buffer.from('12345678901234567890');
const aad = 'mfa_registrations.totp_secret_encrypted\0reg-1\0user-1';

describe('secretBox', () => {
  const key = randomSecretKey();
  const box = createSecretBox(secretKeyRing([key]));

  it('seals into a v1 envelope naming the key, and opens it again', () => {
    const envelope = box.seal(plaintext, aad);
    expect(envelope).toMatch(new RegExp(`^v1\\.${key.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{27}\\.[A-Za-z0-9_-]{22}$`));
    expect(envelope).not.toContain(plaintext.toString('base64url'));
    expect(box.open(envelope, aad)).toEqual(plaintext);
    // A fresh IV every time: the same secret never seals to the same text.
    expect(box.seal(plaintext, aad)).not.toBe(envelope);
  });

  it('refuses an envelope with any part altered', () => {
    const parts = box.seal(plaintext, aad).split('.');
    for (const i of [2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      altered[i] = bytes.toString('base64url');
      expect(() => box.open(altered.join('.'), aad), `part ${i}`).toThrow(SecretBoxError);
    }
    expect(() => box.open(parts.slice(0, 4).join('.'), aad)).toThrow('not a v1 envelope');
    expect(() => box.open(['v2', ...parts.slice(1)].join('.'), aad)).toThrow('not a v1 envelope');
    expect(() => box.open([...parts.slice(0, 3), `${parts[3]}!`, parts[4]].join('.'), aad)).toThrow('not a v1 envelope');
  });

  it('refuses an envelope bound to another record (wrong additional data)', () => {
    const envelope = box.seal(plaintext, aad);
    expect(() => box.open(envelope, 'mfa_registrations.totp_secret_encrypted\0reg-1\0user-2')).toThrow(
      new SecretBoxError('The sealed secret did not authenticate: it was altered, or it belongs to another record.'),
    );
  });

  it('refuses an envelope from a key it does not hold, naming only the key id', () => {
    const stranger = randomSecretKey();
    const envelope = createSecretBox(secretKeyRing([stranger])).seal(plaintext, aad);
    expect(() => box.open(envelope, aad)).toThrow(`sealed with key ${stranger.id}, which this service is not configured with`);
    // Same id, different key (a forged header): the tag does not verify.
    const forged = envelope.replace(`.${stranger.id}.`, `.${key.id}.`);
    expect(() => box.open(forged, aad)).toThrow('did not authenticate');
  });

  it('rotates: a new current key seals, the old one still opens, and says what needs re-sealing', () => {
    const next = randomSecretKey();
    const old = box.seal(plaintext, aad);
    const rotated = createSecretBox(secretKeyRing([next, key]));
    expect(rotated.open(old, aad)).toEqual(plaintext);
    expect(rotated.isSealedWithCurrentKey(old)).toBe(false);
    const resealed = rotated.seal(rotated.open(old, aad), aad);
    expect(resealed.split('.')[1]).toBe(next.id);
    expect(rotated.isSealedWithCurrentKey(resealed)).toBe(true);
    // Once the old key is dropped, only what was re-sealed opens.
    const retired = createSecretBox(secretKeyRing([next]));
    expect(retired.open(resealed, aad)).toEqual(plaintext);
    expect(() => retired.open(old, aad)).toThrow(SecretBoxError);
  });

  it('never puts the secret in an error message', () => {
    const envelope = box.seal(plaintext, aad);
    try {
      box.open(envelope, 'other');
    } catch (e) {
      expect((e as Error).message).not.toContain(plaintext.toString());
      expect((e as Error).message).not.toContain(envelope.split('.')[3]);
    }
  });
});
