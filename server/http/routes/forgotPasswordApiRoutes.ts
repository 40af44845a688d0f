import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ResetResult } from '../../recovery/forgotPassword.js';
import type { SelfServiceProblem } from '../../recovery/selfServiceMessages.js';
import { bearerToken } from './signInApiRoutes.js';
import {
  CodeBody,
  FlowHeaders,
  NewPasswordBody,
  noticeOf,
  PasswordResetStateSchema,
  problemOf,
  ResetStartBody,
  selfServiceError,
  SelfServiceErrorSchema,
  type PasswordResetState,
} from './selfServiceApiSchemas.js';
import type { SelfServiceApiDeps } from './selfServiceRoutes.js';

const TAGS = ['password-reset'];
const RESPONSES = { 200: PasswordResetStateSchema, 400: SelfServiceErrorSchema, 401: SelfServiceErrorSchema, 429: SelfServiceErrorSchema };
const LIMITED: readonly SelfServiceProblem[] = ['locked', 'too_many_requests'];

/** A step's result as the answer: 200 with where it stands, 401 "start again", 429 for the limits. */
export async function answerReset(reply: FastifyReply, result: ResetResult): Promise<FastifyReply> {
  if (result.kind === 'ended') {
    if (LIMITED.includes(result.problem)) {
      if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
      return reply.code(429).send(selfServiceError('TooManyRequests', result.problem));
    }
    return reply.code(401).send(selfServiceError('Unauthenticated', result.problem));
  }
  if (result.kind === 'done') return reply.code(200).send({ status: 'done' } satisfies PasswordResetState);
  const v = result.view;
  const state: PasswordResetState = {
    status: 'pending',
    step: v.step,
    expiresAt: v.expiresAt,
    phone: v.phone,
    passwordRules: [...v.passwordRules],
    codeMinutes: v.codeMinutes,
    ...(result.kind === 'step' && result.token ? { flowToken: result.token.token } : {}),
    ...(result.kind === 'step' && result.notice ? { notice: noticeOf(result.notice) } : {}),
    ...(result.kind === 'retry' ? { problem: problemOf(result.problem) } : {}),
  };
  return reply.code(200).send(state);
}

/**
 * Forgot password as JSON: `POST /api/auth/password-reset` answers a `flowToken` whether or not the
 * login matched an account (the code goes only to a real one), then the steps with that token.
 */
export function forgotPasswordApiRoutes(deps: SelfServiceApiDeps): FastifyPluginAsyncZod {
  const reset = deps.self.forgotPassword;
  return async (app) => {
    const step = (request: FastifyRequest) => ({ token: bearerToken(request), ip: request.ip, log: request.log });
    const action = (path: string, summary: string, run: (r: ReturnType<typeof step>) => Promise<ResetResult>, description?: string) =>
      app.post(path, { schema: { summary, ...(description ? { description } : {}), tags: TAGS, headers: FlowHeaders, response: RESPONSES } }, async (request, reply) => answerReset(reply, await run(step(request))));

    app.post(
      '/api/auth/password-reset',
      {
        schema: {
          summary: 'Forgot password: send a 6-digit code to the account’s email',
          description:
            'Answers the same for an address or username that matches no account (no code is sent then, and no code will be accepted). At most 10 resets per client address in 15 minutes (429).',
          tags: TAGS,
          body: ResetStartBody,
          response: RESPONSES,
        },
      },
      async (request, reply) => answerReset(reply, await reset.start({ login: request.body.login, ip: request.ip, log: request.log })),
    );

    app.get('/api/auth/password-reset', { schema: { summary: 'Where the reset stands', tags: TAGS, headers: FlowHeaders, response: RESPONSES } }, async (request, reply) =>
      answerReset(reply, await reset.view(bearerToken(request))),
    );

    action('/api/auth/password-reset/resend', 'Send a new email code (the previous one stops working)', (r) => reset.resendEmailCode(r));

    app.post(
      '/api/auth/password-reset/email-code',
      { schema: { summary: 'Verify the emailed code', description: 'Five wrong codes end the reset (401).', tags: TAGS, headers: FlowHeaders, body: CodeBody, response: RESPONSES } },
      async (request, reply) => answerReset(reply, await reset.verifyEmailCode({ ...step(request), code: request.body.code })),
    );

    action('/api/auth/password-reset/phone/send', 'Phone step: text a code to the number on file', (r) => reset.sendPhoneCode(r));
    action('/api/auth/password-reset/phone/resend', 'Phone step: text a new code', (r) => reset.sendPhoneCode({ ...r, isResend: true }));
    action('/api/auth/password-reset/phone/call', 'Phone step: call the number on file (answer and press #)', (r) => reset.callPhone(r));
    action(
      '/api/auth/password-reset/phone/answered',
      'Phone step: check the call',
      (r) => reset.checkCall(r),
      'On to `new_password` once # was pressed; still `answer_call` while it rings or after moving on to the secondary number.',
    );

    app.post(
      '/api/auth/password-reset/phone/code',
      { schema: { summary: 'Phone step: verify the texted code', tags: TAGS, headers: FlowHeaders, body: CodeBody, response: RESPONSES } },
      async (request, reply) => answerReset(reply, await reset.verifyPhoneCode({ ...step(request), code: request.body.code })),
    );

    app.post(
      '/api/auth/password-reset/password',
      {
        schema: {
          summary: 'Set the new password',
          description: 'Ends every session and remembered browser of the user. `done`: sign in with the new password.',
          tags: TAGS,
          headers: FlowHeaders,
          body: NewPasswordBody,
          response: RESPONSES,
        },
      },
      async (request, reply) => answerReset(reply, await reset.setNewPassword({ ...step(request), ...request.body })),
    );

    app.post('/api/auth/password-reset/cancel', { schema: { summary: 'Cancel the reset', tags: TAGS, headers: FlowHeaders, response: { 204: z.null().meta({ description: 'Cancelled.' }) } } }, async (request, reply) => {
      await reset.cancel(bearerToken(request));
      return reply.code(204).send(null);
    });
  };
}
