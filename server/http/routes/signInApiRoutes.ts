import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SignIn } from '../../auth/signIn.js';
import type { SignInResult } from '../../auth/signInResult.js';
import {
  BearerHeaders,
  CallBody,
  CodeBody,
  LoginBody,
  MethodBody,
  PhoneBody,
  RegistrationCodeBody,
  RegistrationMethodBody,
  SessionInfoSchema,
  signInError,
  SignInErrorSchema,
  SignInStateSchema,
  toSignInState,
} from './signInApiSchemas.js';

const TAGS = ['sign-in'];
const STEP_RESPONSES = { 200: SignInStateSchema, 400: SignInErrorSchema, 401: SignInErrorSchema, 429: SignInErrorSchema };

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** A step's result as the answer: 200 with the state, 401 "sign in again", 429 locked (Retry-After). */
export async function answerResult(reply: FastifyReply, result: SignInResult): Promise<FastifyReply> {
  if (result.kind === 'ended') {
    if (result.problem === 'locked') {
      return reply
        .code(429)
        .header('retry-after', String(result.retryAfterSeconds ?? 60))
        .send(signInError('TooManyRequests', 'locked'));
    }
    return reply.code(401).send(signInError('Unauthenticated', result.problem));
  }
  return reply.code(200).send(toSignInState(result));
}

/**
 * The JSON sign-in API: bearer tokens only. It never reads or sets a cookie, so a page on another site
 * cannot make a browser use it (a browser attaches cookies by itself, never an Authorization header), and
 * it needs no CSRF token. /api/auth/login answers a `loginToken` for the steps that follow, and the last
 * step a `sessionToken`.
 */
export interface SignInApiOptions {
  /** Whether the user still has the Terms of Use to accept (new providers: server/enrollment). */
  termsPending?: (userId: string) => Promise<boolean>;
}

export function signInApiRoutes(signIn: SignIn, options: SignInApiOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    const step = (request: FastifyRequest) => ({ token: bearerToken(request), ip: request.ip, log: request.log });

    app.post(
      '/api/auth/login',
      {
        schema: {
          summary: 'Sign in with username or email and password',
          description: 'Signed in at once when no second factor is needed (or a remembered device covers it); otherwise a `loginToken` and the next step.',
          tags: TAGS,
          body: LoginBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => {
        const { username, password, deviceToken } = request.body;
        return answerResult(reply, await signIn.password({ login: username, password, ip: request.ip, deviceToken }));
      },
    );

    app.get(
      '/api/auth/second-factor',
      { schema: { summary: 'Where the second factor stands', tags: TAGS, headers: BearerHeaders, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.secondFactor.view(bearerToken(request))),
    );

    app.post(
      '/api/auth/second-factor/method',
      {
        schema: {
          summary: 'Choose the login option: sends the code or places the call',
          description: 'With a `deviceToken` remembered for this very method, signs in without a code.',
          tags: TAGS,
          headers: BearerHeaders,
          body: MethodBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => answerResult(reply, await signIn.secondFactor.choose({ ...step(request), method: request.body.method, deviceToken: request.body.deviceToken })),
    );

    app.post(
      '/api/auth/second-factor/resend',
      { schema: { summary: 'Send a new code (the previous one stops working)', tags: TAGS, headers: BearerHeaders, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.secondFactor.resend(step(request))),
    );

    app.post(
      '/api/auth/second-factor/verify',
      {
        schema: {
          summary: 'Verify the code from the app, text or email',
          description: 'A wrong, replayed or expired code ends the sign-in (401): sign in again.',
          tags: TAGS,
          headers: BearerHeaders,
          body: CodeBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => answerResult(reply, await signIn.secondFactor.verify({ ...step(request), code: request.body.code, remember: request.body.remember })),
    );

    app.post(
      '/api/auth/second-factor/call',
      {
        schema: {
          summary: 'Check the verification call',
          description: 'Signed in once # was pressed; still `answer_call` while it rings, or after moving on to the secondary number.',
          tags: TAGS,
          headers: BearerHeaders,
          body: CallBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => answerResult(reply, await signIn.secondFactor.checkCall({ ...step(request), remember: request.body.remember })),
    );

    app.get(
      '/api/auth/session',
      { schema: { summary: 'The signed-in session', tags: TAGS, headers: BearerHeaders, response: { 200: SessionInfoSchema, 401: SignInErrorSchema } } },
      async (request, reply) => {
        const signedIn = await signIn.authenticate(bearerToken(request));
        if (!signedIn) return reply.code(401).send(signInError('Unauthenticated', 'not_signed_in'));
        const s = signedIn.session;
        const termsAccepted = !(await (options.termsPending?.(signedIn.user.id) ?? false));
        return { user: signedIn.user, method: s.method, expiresAt: s.expires_at, idleExpiresAt: s.idle_expires_at, termsAccepted };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { summary: 'Sign out (ends the session or the sign-in in progress)', tags: TAGS, headers: BearerHeaders, response: { 204: z.null().meta({ description: 'Signed out.' }) } } },
      async (request, reply) => {
        await signIn.signOut(bearerToken(request), request.ip);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/registration',
      { schema: { summary: 'Where MFA registration stands', tags: TAGS, headers: BearerHeaders, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.registration.view(bearerToken(request))),
    );

    app.post(
      '/api/auth/registration/method',
      {
        schema: {
          summary: 'Choose the method to register',
          description: '`totp` answers the new key, its otpauth:// URI and QR code; `email` sends a code; `sms` and `voice` ask for the number next.',
          tags: TAGS,
          headers: BearerHeaders,
          body: RegistrationMethodBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => answerResult(reply, await signIn.registration.choose({ ...step(request), method: request.body.method })),
    );

    app.post(
      '/api/auth/registration/phone',
      { schema: { summary: 'Give the number: texts a code (sms) or places a call (voice)', tags: TAGS, headers: BearerHeaders, body: PhoneBody, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.registration.phone({ ...step(request), phone: request.body.phone, secondaryPhone: request.body.secondaryPhone })),
    );

    app.post(
      '/api/auth/registration/resend',
      { schema: { summary: 'Send a new registration code', tags: TAGS, headers: BearerHeaders, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.registration.resend(step(request))),
    );

    app.post(
      '/api/auth/registration/verify',
      {
        schema: {
          summary: 'Confirm the new method with a code',
          description: 'Registers the method and signs in. A wrong code answers 200 with `problem`, to try again.',
          tags: TAGS,
          headers: BearerHeaders,
          body: RegistrationCodeBody,
          response: STEP_RESPONSES,
        },
      },
      async (request, reply) => answerResult(reply, await signIn.registration.confirm({ ...step(request), code: request.body.code })),
    );

    app.post(
      '/api/auth/registration/call',
      { schema: { summary: 'Check the registration call (# confirms the number)', tags: TAGS, headers: BearerHeaders, response: STEP_RESPONSES } },
      async (request, reply) => answerResult(reply, await signIn.registration.checkCall(step(request))),
    );
  };
}
