import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): about 20–40 ms per hash on these 2-core
 * machines, off the event loop (the binding runs on libuv's pool). Parameters live in each PHC string,
 * so raising them later still verifies old hashes.
 */
const ARGON2ID_OPTIONS: Options = {
  // `Algorithm.Argon2id`: the binding declares a const enum, which isolatedModules cannot inline.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed stored hash alike; never throws on either. */
  verify(storedHash: string, password: string): Promise<boolean>;
}

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2ID_OPTIONS),
  async verify(storedHash, password) {
    try {
      // The comparison inside is constant-time over the derived hash.
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  },
};
