import { describe, expect, it } from 'vitest';
import { turnBatcher } from './turnBatcher.js';

/** A batcher whose runs are recorded, answering each input doubled. */
function recording(options: Parameters<typeof turnBatcher<number, number>>[1] = {}) {
  const batches: number[][] = [];
  const call = turnBatcher(async (inputs: readonly number[]) => {
    batches.push([...inputs]);
    return inputs.map((i) => i * 2);
  }, options);
  return { call, batches };
}

describe('turnBatcher', () => {
  it('runs the calls of one turn as one batch and gives each caller its own result', async () => {
    const { call, batches } = recording();
    const results = await Promise.all([call(1), call(2), call(3)]);
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts a new batch for calls made after the first one ran', async () => {
    const { call, batches } = recording();
    await call(1);
    await Promise.all([call(2), call(3)]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('puts inputs that share a key in batches of their own, in the order they came', async () => {
    const { call, batches } = recording({ keyOf: (i) => String(i % 10) });
    const results = await Promise.all([call(1), call(11), call(2), call(21), call(3)]);
    expect(results).toEqual([2, 22, 4, 42, 6]);
    expect(batches).toEqual([[1, 2, 3], [11], [21]]);
  });

  it('holds a batch to its size and carries the rest to the next', async () => {
    const { call, batches } = recording({ maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map(call))).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs batches side by side: a slow one does not hold up the next', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const call = turnBatcher(async (inputs: readonly string[]) => {
      if (inputs.includes('slow')) await gate;
      return inputs.map((i) => `${i}!`);
    });
    const slow = call('slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await call('fast')).toBe('fast!');
    release();
    expect(await slow).toBe('slow!');
  });

  it("fails every caller of a batch with the batch's error, and the next batch runs as usual", async () => {
    let fail = true;
    const call = turnBatcher(async (inputs: readonly number[]) => {
      if (fail) throw new Error('connection lost');
      return inputs;
    });
    const outcomes = await Promise.allSettled([call(1), call(2)]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.value))).toEqual(['connection lost', 'connection lost']);
    fail = false;
    expect(await call(3)).toBe(3);
  });

  it("on request, runs a failed batch's inputs again one by one, so only the input at fault fails", async () => {
    const runs: number[][] = [];
    const call = turnBatcher(
      async (inputs: readonly number[]) => {
        runs.push([...inputs]);
        if (inputs.includes(13)) throw new Error('13 breaks a constraint');
        return inputs.map((i) => i * 2);
      },
      { retryAloneOnError: true },
    );
    const outcomes = await Promise.allSettled([call(1), call(13), call(3)]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([2, '13 breaks a constraint', 6]);
    expect(runs).toEqual([[1, 13, 3], [1], [13], [3]]);
    // A batch of one that fails is not run again.
    await expect(call(13)).rejects.toThrow('13 breaks a constraint');
    expect(runs).toHaveLength(5);
  });

  it('fails the batch when its function throws before returning a promise, or answers the wrong number of results', async () => {
    const throwing = turnBatcher<number, number>(() => {
      throw new Error('bad statement');
    });
    await expect(throwing(1)).rejects.toThrow('bad statement');
    const short = turnBatcher(async (inputs: readonly number[]) => inputs.slice(1));
    const outcomes = await Promise.allSettled([short(1), short(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toBe('a batch of 2 gave 1 results');
  });

  it('tells each batch its size, and a watcher that throws strands nobody', async () => {
    const sizes: number[] = [];
    const { call } = recording({
      onBatch: (size) => {
        sizes.push(size);
        throw new Error('watcher bug');
      },
    });
    expect(await Promise.all([call(1), call(2)])).toEqual([2, 4]);
    expect(sizes).toEqual([2]);
  });
});
