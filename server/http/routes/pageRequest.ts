import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthSettings } from '../../auth/authSettings.js';
import type { SignIn } from '../../auth/signIn.js';
import { isSignInNotice, isSignInProblem, SIGN_IN_NOTICES, SIGN_IN_PROBLEMS, type SignInNotice, type SignInProblem } from '../../auth/signInProblems.js';
import type { SignInResult } from '../../auth/signInResult.js';
import type { SessionRow } from '../../db/schema.js';
import { html } from '../../pages/html.js';
import { PAGE_CSP, renderPage } from '../../pages/pageLayout.js';
import { anonymousBinding, sessionBinding, type CsrfTokens } from '../../sessions/csrfTokens.js';
import { isSameOriginPost } from '../../sessions/sameOrigin.js';
import { clearCookie, readCookie, setCookie } from '../../sessions/sessionCookies.js';
import { hashToken, looksLikeToken, newToken } from '../../sessions/sessionToken.js';

export interface PageDeps {
  signIn: SignIn;
  csrf: CsrfTokens;
  settings: AuthSettings;
}

export const VERIFY_PATH = '/login/verify';
export const REGISTER_PATH = '/login/register';

/** Every sign-in page: HTML, the page CSP, and a Referrer-Policy under which form posts carry a real Origin. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', PAGE_CSP)
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** The error and notice named in the address (`?error=mfa_failed`): only codes from the fixed lists are shown. */
export function pageMessages(query: unknown): { error: string | null; notice: string | null } {
  const q = (query ?? {}) as Record<string, unknown>;
  return {
    error: isSignInProblem(q.error) ? SIGN_IN_PROBLEMS[q.error] : null,
    notice: isSignInNotice(q.notice) ? SIGN_IN_NOTICES[q.notice] : null,
  };
}

export const sessionToken = (request: FastifyRequest): string | undefined => readCookie(request, 'session');

export const sessionCsrf = (deps: PageDeps, row: SessionRow): string => deps.csrf.tokenFor(sessionBinding(row.id));

/** The login form's token, bound to the anonymous CSRF cookie (made here when the browser has none). */
export function anonymousCsrf(deps: PageDeps, request: FastifyRequest, reply: FastifyReply): string {
  let value = readCookie(request, 'csrf');
  if (!looksLikeToken(value)) {
    value = newToken();
    setCookie(reply, request, 'csrf', value, null);
  }
  return deps.csrf.tokenFor(anonymousBinding(hashToken(value)));
}

/** Both CSRF checks for a form post: same origin, and the synchronizer token for this binding. */
export function formIsGenuine(deps: PageDeps, request: FastifyRequest, binding: string): boolean {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return isSameOriginPost(request) && deps.csrf.verify(binding, body._csrf);
}

export function anonymousBindingOf(request: FastifyRequest): string | null {
  const value = readCookie(request, 'csrf');
  return looksLikeToken(value) ? anonymousBinding(hashToken(value)) : null;
}

/** 403 for a form that failed the CSRF checks: nothing was done, and the page says where to go. */
export function refuseForm(deps: PageDeps, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    renderPage({
      portalName: deps.settings.portalName,
      title: 'This form could not be accepted',
      body: html`<div class="alert" role="alert">The form was out of date or did not come from this portal’s own page, so nothing was done.</div>
<p><a href="/login">Go to the sign-in page</a></p>`,
    }),
    403,
  );
}

export function redirectTo(reply: FastifyReply, path: string, params: { error?: SignInProblem; notice?: SignInNotice } = {}): FastifyReply {
  const query = new URLSearchParams();
  if (params.error) query.set('error', params.error);
  if (params.notice) query.set('notice', params.notice);
  const qs = query.toString();
  return reply.redirect(qs ? `${path}?${qs}` : path, 303);
}

/**
 * A step's result as the browser's next move (Post/Redirect/Get): signed in → the home page with the
 * session cookie (and the device cookie for "Remember me"); another step → its page; a fixable problem →
 * the same page with the message; the end of the sign-in → the login page with the message (seed 002).
 */
export function followResult(deps: PageDeps, request: FastifyRequest, reply: FastifyReply, result: SignInResult): FastifyReply {
  switch (result.kind) {
    case 'signed_in':
      setCookie(reply, request, 'session', result.session.token, null);
      if (result.remember) setCookie(reply, request, 'device', result.remember.token, deps.settings.rememberMeSeconds);
      return redirectTo(reply, '/');
    case 'pending':
      if (result.token) setCookie(reply, request, 'session', result.token.token, null);
      return redirectTo(reply, result.view.stage === 'registration' ? REGISTER_PATH : VERIFY_PATH, result.notice ? { notice: result.notice } : {});
    case 'retry':
      return redirectTo(reply, result.view.stage === 'registration' ? REGISTER_PATH : VERIFY_PATH, { error: result.problem });
    case 'ended':
      clearCookie(reply, request, 'session');
      return redirectTo(reply, '/login', { error: result.problem });
  }
}

/**
 * Runs a form post that belongs to a sign-in in progress or a session: finds the session from the cookie
 * (none: back to the login page), checks the form is genuine (else 403), then hands over.
 */
export async function withSessionForm(
  deps: PageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (row: SessionRow, token: string) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const token = sessionToken(request);
  const row = await deps.signIn.context.sessions.find(token);
  if (!row || !token) {
    clearCookie(reply, request, 'session');
    return redirectTo(reply, '/login', { error: 'session_expired' });
  }
  if (!formIsGenuine(deps, request, sessionBinding(row.id))) return refuseForm(deps, reply);
  return handle(row, token);
}

/** A field of a posted form as a string ('' when absent or repeated). */
export function formField(request: FastifyRequest, name: string): string {
  const value = ((request.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
