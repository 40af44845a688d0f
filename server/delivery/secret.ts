import { inspect } from 'node:util';

/**
 * A password or token from the configuration. It prints as `[redacted]` however it is printed — string
 * interpolation, JSON (a logged config object), util.inspect (console.log, pino's fallbacks) — so the
 * only way to the value is to ask for it by name with `reveal()`, at the one place that sends it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
