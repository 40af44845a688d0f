import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../../audit/appendAuditEvent.js';
import { newAuditEventId } from '../../audit/auditEventId.js';
import type { Database } from '../../db/schema.js';
import type { EmailSender } from '../../delivery/emailSender.js';
import type { PhoneProvider } from '../../delivery/phoneProvider.js';
import type { LoginThrottle } from '../../security/loginThrottle.js';
import type { OneTimeCodes } from '../../security/oneTimeCodes.js';
import type { PasswordHasher } from '../../security/passwordHash.js';
import { addressThrottleKey, userThrottleKey, type ThrottleKey } from '../../security/throttleKeys.js';
import type { TotpVerifier } from '../../security/totpVerifier.js';
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
  keys: ThrottleKey[];
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

  async function fail(user: KnownUser | null, keys: ThrottleKey[], ip: string, step: string): Promise<AdminSignInRefusal> {
    const record = await throttle.recordFailure(keys);
    await audit(ADMIN_EVENTS.signInFailed, user?.id ?? null, ip, { step });
    if (user && record.newlyLocked.includes(userThrottleKey(user.id))) {
      await audit(ADMIN_EVENTS.lockedOut, user.id, ip, { lockedForSeconds: record.retryAfterSeconds });
    }
    return record.allowed ? { kind: 'invalid' } : { kind: 'locked', retryAfterSeconds: record.retryAfterSeconds };
  }

  async function checkPassword(input: AdminPasswordInput): Promise<PasswordCheck> {
    const name = input.username.trim().toLowerCase();
    const row = await db
      .selectFrom('users')
      .select(['id', 'email', 'password_hash', 'status'])
      .where((eb) => eb.or([eb('username', '=', name), eb('email', '=', name)]))
      .executeTakeFirst();
    const ipKey = addressThrottleKey(input.ip);
    const keys: ThrottleKey[] = row ? [userThrottleKey(row.id), ipKey] : [ipKey];
    const gate = await throttle.check(keys);
    if (!gate.allowed) return { ok: false, refusal: { kind: 'locked', retryAfterSeconds: gate.retryAfterSeconds } };

    const passwordOk = await deps.hasher.verify(row?.password_hash ?? (await timingStandIn()), input.password);
    const user = row ? { id: row.id, email: row.email, keys } : null;
    if (!row || !user || !passwordOk) return { ok: false, refusal: await fail(user, keys, input.ip, 'password') };
    if (row.status !== 'active') return { ok: false, refusal: { kind: 'not_active' } };
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

  async function checkCode(user: KnownUser, method: AdminSecondFactor, code: string, ip: string): Promise<AdminSignInRefusal | null> {
    if (method === 'totp') {
      const check = await deps.totp.verify({ userId: user.id, code });
      if (check.outcome === 'ok') return null;
      if (check.outcome === 'none') return { kind: 'method_unavailable', method };
      return fail(user, user.keys, ip, 'second_factor');
    }
    if (!(await confirmedRegistration(user.id, method))) return { kind: 'method_unavailable', method };
    const check = await deps.codes.verify({ userId: user.id, purpose: 'login', code });
    switch (check.outcome) {
      // A code sent by text does not prove the email inbox, and the other way round.
      case 'ok':
        return check.channel === method ? null : fail(user, user.keys, ip, 'second_factor');
      case 'wrong':
        return fail(user, user.keys, ip, 'second_factor');
      case 'expired':
        return { kind: 'code_expired' };
      case 'too_many_attempts':
        return { kind: 'code_used_up' };
      case 'none':
        return { kind: 'no_code' };
    }
  }

  return {
    async sendCode(input): Promise<AdminCodeOutcome> {
      const checked = await checkPassword(input);
      if (!checked.ok) return checked;
      const { user } = checked;
      const registration = await confirmedRegistration(user.id, input.method);
      if (!registration) return { ok: false, refusal: { kind: 'method_unavailable', method: input.method } };
      const issued = await deps.codes.issue({ userId: user.id, purpose: 'login', channel: input.method });
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
