/**
 * Gathers the calls made in one turn of the event loop and runs them as one batch: a database statement
 * that carries many requests' rows instead of one statement each. On PostgreSQL a statement's round
 * trip, wake-ups and commit cost the service and the server more CPU than the few keyed rows it reads
 * or writes (`npm run bench:server`), so requests that arrive together share them.
 *
 * Each caller gets its own result (or the batch's error). Batches run side by side, each on a
 * connection of its own; a batch waits for nothing but its statement. Inputs that must not meet in
 * one statement (two sign-ins claiming one registration's step) name a key: of those sharing a key,
 * one goes in each batch, in the order they came, and the rest wait for the next.
 */
export interface TurnBatcherOptions<I> {
  /** Inputs per batch at most (bounds one statement's size); more go into the next batch. */
  maxBatch?: number;
  /** Inputs with the same key never share a batch. */
  keyOf?: (input: I) => string;
  /** Told each batch's size (for tests and the benchmark). */
  onBatch?: (size: number) => void;
  /**
   * When a batch of several fails, run each of its inputs again alone, so that one input's error (a
   * constraint it breaks) fails only its own caller. Only for work that leaves nothing behind when it
   * fails, such as one statement (atomic by itself) or a read.
   */
  retryAloneOnError?: boolean;
}

interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 64;

export function turnBatcher<I, O>(run: (inputs: readonly I[]) => Promise<readonly O[]>, options: TurnBatcherOptions<I> = {}): (input: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  let queue: Array<Waiting<I, O>> = [];
  let scheduled = false;

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    // After this turn's I/O callbacks: every request read in this turn has had its chance to join.
    setImmediate(flush);
  };

  function flush() {
    scheduled = false;
    const batch: Array<Waiting<I, O>> = [];
    const later: Array<Waiting<I, O>> = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const key = options.keyOf?.(w.input);
      if (batch.length >= maxBatch || (key !== undefined && keys.has(key))) {
        later.push(w);
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(w);
    }
    queue = later;
    schedule();
    try {
      options.onBatch?.(batch.length);
    } catch {
      // A watcher's mistake must not strand the batch.
    }
    runBatch(batch, options.retryAloneOnError === true && batch.length > 1);
  }

  function runBatch(batch: Array<Waiting<I, O>>, retryAlone: boolean) {
    let running: Promise<readonly O[]>;
    try {
      running = run(batch.map((w) => w.input));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (outputs) => {
        if (outputs.length !== batch.length) {
          const error = new Error(`a batch of ${batch.length} gave ${outputs.length} results`);
          for (const w of batch) w.reject(error);
          return;
        }
        batch.forEach((w, i) => w.resolve(outputs[i]!));
      },
      (error: unknown) => {
        if (retryAlone) for (const w of batch) runBatch([w], false);
        else for (const w of batch) w.reject(error);
      },
    );
  }

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      schedule();
    });
}
