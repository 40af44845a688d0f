import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CodeChannel, CodePurpose } from './codePurpose.js';
import { createCodeHasher } from './codeHasher.js';
import { assertValidCodePolicy, codeRulesFor, DEFAULT_CODE_POLICY, type OneTimeCodePolicy } from './oneTimeCodePolicy.js';
import { createOneTimeCodeStore, type StoredCode } from './oneTimeCodeStore.js';
import type { SecretKeyRing } from './secretKeyRing.js';

/** What the caller delivers. The code exists only here and in the message sent; never log it. */
export interface IssuedCode {
  codeId: string;
  code: string;
  channel: CodeChannel;
  expiresAt: Date;
}

export type CodeCheck =
  | { outcome: 'ok'; codeId: string; channel: CodeChannel }
  | { outcome: 'wrong'; attemptsLeft: number }
  | { outcome: 'expired' }
  | { outcome: 'too_many_attempts' }
  /** No live code: none was sent, or it was already used (perhaps by a concurrent request), or replaced. */
  | { outcome: 'none' };

export interface OneTimeCodes {
  /** A new 6-digit code; any earlier live code for the same user and purpose stops working. */
  issue(input: { userId: string; purpose: CodePurpose; channel: CodeChannel }): Promise<IssuedCode>;
  /** Checks `code` against the newest live code for the user and purpose; every check spends a try. */
  verify(input: { userId: string; purpose: CodePurpose; code: string }): Promise<CodeCheck>;
  /** Housekeeping for a periodic job: deletes codes expired more than `graceSeconds` ago. */
  deleteExpired(graceSeconds?: number): Promise<number>;
}

export interface OneTimeCodesDeps {
  db: Kysely<Database>;
  keys: SecretKeyRing;
  now: () => Date;
  policy?: OneTimeCodePolicy;
  /** Tests pin the code; the default is uniform over 000000–999999. */
  generateCode?: () => string;
}

/** crypto.randomInt draws without modulo bias (rejection sampling), so every code is equally likely. */
export const randomSixDigitCode = (): string => String(randomInt(1_000_000)).padStart(6, '0');

export function createOneTimeCodes(deps: OneTimeCodesDeps): OneTimeCodes {
  const policy = deps.policy ?? DEFAULT_CODE_POLICY;
  assertValidCodePolicy(policy);
  const store = createOneTimeCodeStore(deps.db);
  const hasher = createCodeHasher(deps.keys);
  const generateCode = deps.generateCode ?? randomSixDigitCode;

  /** Why a conditional update changed nothing: another request got there first, or time ran out. */
  async function explainRefusal(id: string, now: string): Promise<CodeCheck> {
    const row = await store.byId(id);
    return row ? stateOf(row, now) ?? { outcome: 'none' } : { outcome: 'none' };
  }

  return {
    async issue({ userId, purpose, channel }) {
      const now = deps.now();
      const rules = codeRulesFor(policy, purpose, channel);
      const codeId = randomUUID();
      const code = generateCode();
      const expiresAt = new Date(now.getTime() + rules.lifetimeSeconds * 1000);
      await store.insertSuperseding(
        {
          id: codeId,
          user_id: userId,
          purpose,
          channel,
          code_hash: hasher.hash(codeId, code),
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
          attempts: 0,
          max_attempts: rules.maxAttempts,
          consumed_at: null,
        },
        now.toISOString(),
      );
      return { codeId, code, channel, expiresAt };
    },

    async verify({ userId, purpose, code }) {
      const now = deps.now().toISOString();
      const live = await store.newestLive(userId, purpose);
      if (!live) return { outcome: 'none' };
      const refused = stateOf(live, now);
      if (refused) return refused;

      if (hasher.matches(live.id, code, live.code_hash)) {
        return (await store.consume(live.id, now)) ? { outcome: 'ok', codeId: live.id, channel: live.channel } : explainRefusal(live.id, now);
      }
      const counted = await store.countWrongTry(live.id, now);
      return counted ? { outcome: 'wrong', attemptsLeft: counted.max_attempts - counted.attempts } : explainRefusal(live.id, now);
    },

    async deleteExpired(graceSeconds = 86_400) {
      return store.deleteExpired(new Date(deps.now().getTime() - graceSeconds * 1000).toISOString());
    },
  };
}

/** The refusal a code's row calls for before any comparison, or null when it can still be tried. */
function stateOf(row: StoredCode, now: string): CodeCheck | null {
  if (row.consumed_at !== null) return { outcome: 'none' };
  if (row.expires_at <= now) return { outcome: 'expired' };
  if (row.attempts >= row.max_attempts) return { outcome: 'too_many_attempts' };
  return null;
}
