import { randomUUID } from 'node:crypto';
import { ZodError, type z } from 'zod';
import { AppError } from '../../../common/errors.js';
import { channels, isChannel, type Channel, type ResponseOf, type Result } from '../../../common/ipc/contract.js';
import type { Logger } from '../log/logger.js';
import { errorSummary } from '../log/errorSummary.js';

type RequestValue<C extends Channel> = z.output<(typeof channels)[C]['request']>;

/** One function per channel, typed from the contract. Electron IPC and the browser host both call these. */
export type Handlers = { [C in Channel]: (request: RequestValue<C>) => Promise<ResponseOf<C>> };

/**
 * The single gate every renderer request passes: the channel must exist, the payload must match its
 * schema, the answer is read through its schema on the way out, and whatever goes wrong comes back as a
 * value with a human message. Unexpected failures are
 * logged under a reference id (never with the payload, which may hold a key the user typed).
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, log: Logger): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'InvalidInput', message: 'Twofold received a request it does not know.' } };
  }
  const parsed = channels[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    return { ok: false, error: describeInvalidRequest(parsed.error) };
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    // The answer leaves as its channel's schema reads it: fields the contract does not declare are
    // dropped, so nothing a handler attached by mistake (a key, a record with its secret) reaches the
    // renderer, and an answer of the wrong shape is an internal error here rather than a puzzle there.
    const value = channels[channel].response.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toView() };
    const ref = randomUUID().slice(0, 8);
    log.error(`unexpected failure on ${channel}`, { ref, error: errorSummary(e) });
    return {
      ok: false,
      error: { code: 'Internal', message: `Something went wrong inside Twofold (reference ${ref}). Nothing was changed.`, ref },
    };
  }
}

function describeInvalidRequest(error: ZodError) {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return { code: 'InvalidInput' as const, message: `The request has a field Twofold does not expect (“${issue.keys.join('”, “')}”).` };
  }
  const field = issue?.path.map(String).join('.') || undefined;
  return {
    code: 'InvalidInput' as const,
    message: field ? `The value for “${field}” is not valid.` : 'The request was not valid.',
    ...(field ? { field } : {}),
  };
}

/** Name and stack only: error messages from libraries can quote their input. */
