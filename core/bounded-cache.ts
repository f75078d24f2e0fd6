// Results remembered for the length of a build: the same words, dates and date ranges come up
// on thousands of pages. Bounded, so a huge site cannot grow a cache without limit: when full,
// it is emptied and fills again.

export class BoundedCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  /** Stores and returns `value`. */
  set(key: string, value: T): T {
    if (this.#entries.size >= this.#limit) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}

/** `compute` with its results remembered by argument (`compute` never returns undefined). */
export function memoize<T>(compute: (key: string) => T, limit = 100_000): (key: string) => T {
  const cache = new BoundedCache<T>(limit);
  return (key) => cache.get(key) ?? cache.set(key, compute(key));
}
