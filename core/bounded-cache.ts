// Results remembered for a while: in a build the same words, dates and date ranges come up on
// thousands of pages; the drafts preview remembers checked secrets (src/preview/session.ts).
// Bounded, so neither a huge site nor a flood of junk can grow a cache without limit: when full,
// the entry stored longest ago is forgotten.

export class BoundedCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  /** Stores and returns `value`; a key stored again counts as the newest. */
  set(key: string, value: T): T {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/** `compute` with its results remembered by argument (`compute` never returns undefined). */
export function memoize<T>(compute: (key: string) => T, limit = 100_000): (key: string) => T {
  const cache = new BoundedCache<T>(limit);
  return (key) => cache.get(key) ?? cache.set(key, compute(key));
}
