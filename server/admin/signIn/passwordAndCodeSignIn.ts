import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../../audit/appendAuditEvent.js';
import { newAuditEventId } from '../../audit/auditEventId.js';
import type { Database } from '../../db/schema.js';
import type { EmailSender } from '../../delivery/emailSender.js';
import type { PhoneProvider } from '../../delivery/phoneProvider.js';
import type { LoginThrottle, Reservation } from '../../security/loginThrottle.js';
import type { OneTimeCodes } from '../../security/oneTimeCodes.js';
import type { PasswordHasher } from '../../security/passwordHash.js';
import { addressThrottleKey, unknownLoginKey, userThrottleKey, type UserThrottleKey } from '../../security/throttleKeys.js';
import type { TotpVerifier } from '../../security/totpVerifier.js';
import { DEFAULT_AUTH_SETTINGS } from '../../auth/authSettings.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import { managedOrganizations } from '../scope/adminCaller.js';
import type { AdminCodeChannel, AdminCodeOutcome, AdminPasswordInput, AdminSecondFactor, AdminSignIn, AdminSignInOutcome, AdminSignInRefusal } from './adminSignIn.js';
import { maskEmail, maskPhone } from './maskContact.js';

export interface PasswordAndCodeSignInDeps {
  db: Kysely<Database>;
  now: () => Date;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  totp: TotpVerifier;
  codes: OneTimeCodes;
  email: EmailSender;
  phone: PhoneProvider;
}

interface KnownUser {
  id: string;
  email: string;
}

type PasswordCheck = { ok: true; user: KnownUser } | { ok: false; refusal: AdminSignInRefusal };

/**
 * The admin sign-in on the security core: Argon2id password, lockout per account and address, then an
 * authenticator code (replay-proof) or a one-time code sent by text or email. Meant to be replaced by
 * the portal's login service; see AdminSignIn.
 */
export function createPasswordAndCodeSignIn(deps: PasswordAndCodeSignInDeps): AdminSignIn {
  const { db, throttle } = deps;
  // An unknown username still costs one Argon2id verification, so timing does not tell which usernames exist.
  let dummyHash: Promise<string> | null = null;
  const timingStandIn = () => (dummyHash ??= deps.hasher.hash(randomBytes(16).toString('hex')));

  const audit = (event: string, userId: string | null, ip: string, details: Record<string, unknown>) => {
    const at = deps.now();
    return appendAuditEvent(db, { event, subjectUserId: userId, actorUserId: userId, ip, details }, at, newAuditEventId(at));
  };

  /**
   * A wrong guess: the account's count holds it already (reserved before it was judged, as in the
   * portal's sign-in: a burst cannot try more than the limit); the address's is recorded now.
   */
  async function fail(user: KnownUser | null, reserved: Reservation, ip: string, step: string): Promise<AdminSignInRefusal> {
    const record = await throttle.recordFailure([addressThrottleKey(ip)]);
    await audit(ADMIN_EVENTS.signInFailed, user?.id ?? null, ip, { step });
    if (user && reserved.locksIfWrong) await audit(ADMIN_EVENTS.lockedOut, user.id, ip, { lockedForSeconds: reserved.lockSeconds });
    if (reserved.locksIfWrong) return { kind: 'locked', retryAfterSeconds: reserved.lockSeconds };
    return record.allowed ? { kind: 'invalid' } : { kind: 'locked', retryAfterSeconds: record.retryAfterSeconds };
  }

  /** Counts an attempt on the account before it is judged; null when the account is locked. */
  async function reserveAttempt(accountKey: UserThrottleKey, ip: string): Promise<{ reserved: Reservation } | { refusal: AdminSignInRefusal }> {
    const gate = await throttle.check([accountKey, addressThrottleKey(ip)]);
    if (!gate.allowed) return { refusal: { kind: 'locked', retryAfterSeconds: gate.retryAfterSeconds } };
    const reserved = await throttle.reserve(accountKey);
    return reserved.allowed ? { reserved } : { refusal: { kind: 'locked', retryAfterSeconds: reserved.retryAfterSeconds } };
  }

  async function checkPassword(input: AdminPasswordInput): Promise<PasswordCheck> {
    const name = input.username.trim().toLowerCase();
    const row = await db
      .selectFrom('users')
      .select(['id', 'email', 'password_hash', 'status'])
      .where((eb) => eb.or([eb('username', '=', name), eb('email', '=', name)]))
      .executeTakeFirst();
    // A name that matches nobody counts under a stand-in key, so lockout does not tell which names exist.
    const accountKey = row ? userThrottleKey(row.id) : unknownLoginKey(name);
    const attempt = await reserveAttempt(accountKey, input.ip);
    if ('refusal' in attempt) return { ok: false, refusal: attempt.refusal };

    const passwordOk = await deps.hasher.verify(row?.password_hash ?? (await timingStandIn()), input.password);
    const user = row ? { id: row.id, email: row.email } : null;
    // The right password of a disabled account reads, and counts, like a wrong one (as on the portal).
    if (!row || !user || !passwordOk || row.status !== 'active') return { ok: false, refusal: await fail(user, attempt.reserved, input.ip, 'password') };
    await throttle.refund(accountKey);
    if ((await managedOrganizations(db, row.id)).length === 0) return { ok: false, refusal: { kind: 'not_admin' } };
    return { ok: true, user };
  }

  async function confirmedRegistration(userId: string, method: AdminSecondFactor) {
    return db
      .selectFrom('mfa_registrations')
      .select(['phone'])
      .where('user_id', '=', userId)
      .where('method', '=', method)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
  }

  /** Null when the code proves the method; a wrong one is counted (reserved) before it is judged. */
  async function checkCode(user: KnownUser, method: AdminSecondFactor, code: string, ip: string): Promise<AdminSignInRefusal | null> {
    const accountKey = userThrottleKey(user.id);
    const attempt = await reserveAttempt(accountKey, ip);
    if ('refusal' in attempt) return attempt.refusal;
    const { reserved } = attempt;
    // Not a guess at all: the attempt is given back.
    const notAGuess = async (refusal: AdminSignInRefusal) => (await throttle.refund(accountKey), refusal);
    if (method === 'totp') {
      const check = await deps.totp.verify({ userId: user.id, code });
      if (check.outcome === 'ok') return null;
      if (check.outcome === 'none') return notAGuess({ kind: 'method_unavailable', method });
      return fail(user, reserved, ip, 'second_factor');
    }
    if (!(await confirmedRegistration(user.id, method))) return notAGuess({ kind: 'method_unavailable', method });
    const check = await deps.codes.verify({ userId: user.id, purpose: 'admin_login', code });
    switch (check.outcome) {
      // A code sent by text does not prove the email inbox, and the other way round.
      case 'ok':
        return check.channel === method ? null : fail(user, reserved, ip, 'second_factor');
      case 'wrong':
        return fail(user, reserved, ip, 'second_factor');
      case 'expired':
        return notAGuess({ kind: 'code_expired' });
      case 'too_many_attempts':
        return notAGuess({ kind: 'code_used_up' });
      case 'none':
        return notAGuess({ kind: 'no_code' });
    }
  }

  /**
   * Seconds until another code may go to this user: the portal's limits (AuthSettings.sendLimit), over
   * the codes and calls of both sign-ins, read from the audit log as the portal's are, so every instance
   * sees the same count. 0 when one may go now.
   */
  async function sendLimitWait(userId: string): Promise<number> {
    const { max, windowSeconds, minIntervalSeconds } = DEFAULT_AUTH_SETTINGS.sendLimit;
    const now = deps.now().getTime();
    const recent = await db
      .selectFrom('audit_log')
      .select('at')
      .where('subject_user_id', '=', userId)
      .where('at', '>', new Date(now - windowSeconds * 1000).toISOString())
      .where('event', 'in', [ADMIN_EVENTS.codeSent, 'mfa.code_sent', 'mfa.call_placed'])
      .orderBy('at', 'desc')
      .limit(max)
      .execute();
    const secondsUntil = (ms: number) => Math.max(1, Math.ceil((ms - now) / 1000));
    if (recent.length >= max) return secondsUntil(Date.parse(recent[max - 1]!.at) + windowSeconds * 1000);
    const newest = recent[0];
    if (newest && now - Date.parse(newest.at) < minIntervalSeconds * 1000) return secondsUntil(Date.parse(newest.at) + minIntervalSeconds * 1000);
    return 0;
  }

  return {
    async sendCode(input): Promise<AdminCodeOutcome> {
      const checked = await checkPassword(input);
      if (!checked.ok) return checked;
      const { user } = checked;
      const registration = await confirmedRegistration(user.id, input.method);
      if (!registration) return { ok: false, refusal: { kind: 'method_unavailable', method: input.method } };
      const wait = await sendLimitWait(user.id);
      if (wait > 0) return { ok: false, refusal: { kind: 'too_many_codes', retryAfterSeconds: wait } };
      const issued = await deps.codes.issue({ userId: user.id, purpose: 'admin_login', channel: input.method });
      const minutes = Math.round((issued.expiresAt.getTime() - deps.now().getTime()) / 60_000);
      const sentTo = await deliver(input.method, user, registration.phone, `Your admin sign-in code is ${issued.code}. It expires in ${minutes} minutes.`);
      await audit(ADMIN_EVENTS.codeSent, user.id, input.ip, { method: input.method });
      return { ok: true, userId: user.id, sentTo };
    },

    async verify(input): Promise<AdminSignInOutcome> {
      const checked = await checkPassword(input);
      if (!checked.ok) return checked;
      const refusal = await checkCode(checked.user, input.secondFactor.method, input.secondFactor.code, input.ip);
      if (refusal) return { ok: false, refusal };
      await throttle.recordSuccess(userThrottleKey(checked.user.id));
      return { ok: true, userId: checked.user.id };
    },
  };

  /** Sends the code; a DeliveryError (not set up, refused) goes up to the route, which answers 503. */
  async function deliver(channel: AdminCodeChannel, user: KnownUser, phone: string | null, text: string): Promise<string> {
    if (channel === 'sms') {
      // Migration 001's CHECK gives every text registration a number; '' would be refused by the sender.
      await deps.phone.sendSms(phone ?? '', text);
      return maskPhone(phone ?? '');
    }
    await deps.email.send({
      to: user.email,
      subject: 'Your admin sign-in code',
      text: `${text}\n\nIf you did not just try to sign in to the admin view, tell your administrator.`,
    });
    return maskEmail(user.email);
  }
}
