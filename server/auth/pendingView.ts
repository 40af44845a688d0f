import type { SessionRow, UserRow } from '../db/schema.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { openTotpSecret } from '../security/totpSecret.js';
import { parseSessionState, type SessionState } from '../sessions/sessionState.js';
import { authenticatorEnrollment } from './authenticatorEnrollment.js';
import { maskEmail, maskPhone } from './maskDestination.js';
import { loadConfirmedRegistrations } from './signInFacts.js';
import type { SignInContext } from './signInContext.js';
import type { MethodOption, PendingStep, PendingView } from './signInResult.js';
import { formatUsPhoneNumber } from './usPhoneNumber.js';

/** Builds what the page or API shows for a sign-in in progress, from its session row alone. */
export async function pendingView(ctx: SignInContext, row: SessionRow, user: UserRow): Promise<PendingView> {
  const state = parseSessionState(row.state);
  const base = { userName: user.name, expiresAt: row.expires_at, method: row.method, codeSent: state.codeSentAt !== undefined, callLeg: state.call?.leg ?? null, authenticator: null, phoneOnFile: null, secondaryPhoneOnFile: null };
  if (row.stage === 'registration') return registrationView(ctx, row, user, state, base);

  const registrations = await loadConfirmedRegistrations(ctx.db, user.id);
  const destinationOf = (method: MfaMethod): string | null => {
    if (method === 'email') return maskEmail(user.email);
    const phone = registrations.find((r) => r.method === method)?.phone;
    return phone ? maskPhone(phone) : null;
  };
  const options: MethodOption[] = state.options.map((method) => ({ method, destination: destinationOf(method) }));
  const step: PendingStep = row.method === null ? 'choose_method' : row.method === 'voice' ? 'answer_call' : 'enter_code';
  const destination = state.call ? maskPhone(state.call.to) : row.method ? destinationOf(row.method) : null;
  return { ...base, stage: 'second_factor', step, options, destination };
}

async function registrationView(
  ctx: SignInContext,
  row: SessionRow,
  user: UserRow,
  state: SessionState,
  base: Omit<PendingView, 'stage' | 'step' | 'options' | 'destination'>,
): Promise<PendingView> {
  const options: MethodOption[] = state.options.map((method) => ({ method, destination: null }));
  const view: PendingView = { ...base, stage: 'registration', step: 'choose_method', options, destination: null };
  switch (row.method) {
    case null:
      return view;
    case 'totp':
      return { ...view, step: 'scan_qr', authenticator: await pendingAuthenticator(ctx, user) };
    case 'email':
      return { ...view, step: 'enter_code', destination: maskEmail(user.email) };
    case 'sms':
    case 'voice': {
      const phoneOnFile = state.phone ?? user.primary_phone;
      const secondaryOnFile = state.secondaryPhone ?? user.secondary_phone;
      const withPhone = {
        ...view,
        phoneOnFile: phoneOnFile ? formatUsPhoneNumber(phoneOnFile) : null,
        secondaryPhoneOnFile: row.method === 'voice' && secondaryOnFile ? formatUsPhoneNumber(secondaryOnFile) : null,
      };
      if (row.method === 'sms' && state.codeSentAt && state.phone) return { ...withPhone, step: 'enter_code', destination: maskPhone(state.phone) };
      if (row.method === 'voice' && state.call) return { ...withPhone, step: 'answer_call', destination: maskPhone(state.call.to) };
      return { ...withPhone, step: 'enter_phone' };
    }
  }
}

/** The key being registered, opened from its sealed envelope to be shown again (a reload, a wrong code). */
async function pendingAuthenticator(ctx: SignInContext, user: UserRow): Promise<PendingView['authenticator']> {
  const registration = await ctx.db
    .selectFrom('mfa_registrations')
    .select(['id', 'totp_secret_encrypted'])
    .where('user_id', '=', user.id)
    .where('method', '=', 'totp')
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  if (!registration?.totp_secret_encrypted) return null;
  const secret = openTotpSecret(ctx.box, { userId: user.id, registrationId: registration.id }, registration.totp_secret_encrypted);
  try {
    return await authenticatorEnrollment(ctx.settings.portalName, user.email, secret);
  } finally {
    secret.fill(0);
  }
}
