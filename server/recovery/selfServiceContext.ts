import type { ProblemLog, SignInContext } from '../auth/signInContext.js';
import type { SignInProblem } from '../auth/signInProblems.js';
import type { IssuedToken } from '../auth/rememberedDevices.js';
import { createFlowStore, type FlowStore } from './selfServiceFlows.js';
import { isSelfServiceProblem, type SelfServiceNotice, type SelfServiceProblem } from './selfServiceMessages.js';

/**
 * What the self-service flows use: sign-in's own services (database, clock, settings, password hasher,
 * one-time codes, lockouts, sessions, delivery), the flow store, and a way to run work after the answer
 * has gone out — emails a stranger's request triggers, whose timing must not tell whether an account
 * exists.
 */
export interface SelfServiceContext {
  signIn: SignInContext;
  flows: FlowStore;
  defer(job: () => Promise<void>): void;
}

export function createSelfServiceContext(signIn: SignInContext, defer: (job: () => Promise<void>) => void): SelfServiceContext {
  return { signIn, flows: createFlowStore(signIn.db, signIn.now), defer };
}

/** One step of a flow, as the pages and the API receive it. */
export interface FlowRequest {
  /** The flow token (cookie or bearer header). */
  token: unknown;
  ip: string;
  log: ProblemLog;
}

/** Where a flow stands after a step: the next view, the same view with a problem to fix, or the end. */
export type FlowResult<V> =
  | { kind: 'step'; view: V; token?: IssuedToken; notice?: SelfServiceNotice }
  | { kind: 'retry'; view: V; problem: SelfServiceProblem }
  | { kind: 'ended'; problem: SelfServiceProblem; retryAfterSeconds?: number };

/** sign-in's sending problems carry the same codes here; anything else reads as a delivery failure. */
export const fromSignInProblem = (problem: SignInProblem): SelfServiceProblem => (isSelfServiceProblem(problem) ? problem : 'delivery_failed');
