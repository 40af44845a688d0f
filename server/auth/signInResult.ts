import type { MfaMethod } from '../domain/mfaMethods.js';
import type { IssuedToken } from './rememberedDevices.js';
import type { SignInNotice, SignInProblem } from './signInProblems.js';

export type { IssuedToken };

export interface MethodOption {
  method: MfaMethod;
  /** Masked (XXX-XXX-9885, a•••@clinic.example); null for the authenticator app, and while registering. */
  destination: string | null;
}

export type PendingStep = 'choose_method' | 'enter_code' | 'answer_call' | 'enter_phone' | 'scan_qr';

/** Where a sign-in in progress stands: what the next page or API answer shows. Holds no secret but the TOTP key being registered. */
export interface PendingView {
  stage: 'second_factor' | 'registration';
  userName: string;
  expiresAt: string;
  step: PendingStep;
  method: MfaMethod | null;
  options: MethodOption[];
  /** Where the code went or the call rings, masked. */
  destination: string | null;
  /** A verification call in progress: to the primary number, or already to the secondary one. */
  callLeg: 'primary' | 'secondary' | null;
  codeSent: boolean;
  /** Registration with the authenticator app: the key and its QR code, shown until confirmed. */
  authenticator: { secret: string; keyText: string; account: string; otpauthUri: string; qrSvg: string } | null;
  /** Registration by phone: the user's number on file, to fill the field in. */
  phoneOnFile: string | null;
  /** Registration by call: the user's secondary number on file. */
  secondaryPhoneOnFile: string | null;
}

export interface SignedInUser {
  id: string;
  username: string;
  name: string;
  email: string;
}

export type SignInResult =
  /** Done: the new session's token, and the device token when "Remember me" was asked for. */
  | { kind: 'signed_in'; session: IssuedToken; remember: IssuedToken | null; user: SignedInUser; method: MfaMethod | null; remembered: boolean }
  /** One more step. `token` is set when this step began a new pending sign-in (the password step). */
  | { kind: 'pending'; view: PendingView; token?: IssuedToken; notice?: SignInNotice }
  /** The same step again after a problem the user can fix (a mistyped registration code, a bad number). */
  | { kind: 'retry'; view: PendingView; problem: SignInProblem }
  /** The sign-in is over without success: back to the login page with this message. */
  | { kind: 'ended'; problem: SignInProblem; retryAfterSeconds?: number };
