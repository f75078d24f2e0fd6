// Coalesces build requests: one build runs at a time, and any number of requests while it runs
// cause exactly one follow-up build (it will see all the changes), never a queue of builds.

export type RequestResult = 'started' | 'queued' | 'coalesced' | 'stopping';

export interface BuildQueue {
  request(trigger: string): RequestResult;
  readonly running: { trigger: string; startedAt: Date } | undefined;
  readonly pending: boolean;
  /** Refuses new requests, drops the pending one and waits for the running build to settle. */
  stop(): Promise<void>;
  /** Resolves when no build is running or pending. */
  idle(): Promise<void>;
}

export function createBuildQueue(runBuild: (trigger: string) => Promise<void>): BuildQueue {
  let running: { trigger: string; startedAt: Date; promise: Promise<void> } | undefined;
  // Only the first trigger and a count are kept: a flood of requests costs no memory.
  let pending: { first: string; count: number } | undefined;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];

  function start(trigger: string) {
    const promise = runBuild(trigger)
      .catch(() => undefined) // runBuild records its own errors
      .then(() => {
        running = undefined;
        if (pending && !stopping) {
          const { first, count } = pending;
          pending = undefined;
          start(count === 1 ? first : `${first} (+${count - 1} more)`);
        } else {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      });
    running = { trigger, startedAt: new Date(), promise };
  }

  return {
    request(trigger) {
      if (stopping) return 'stopping';
      if (!running) {
        start(trigger);
        return 'started';
      }
      if (pending) {
        pending.count += 1;
        return 'coalesced';
      }
      pending = { first: trigger, count: 1 };
      return 'queued';
    },
    get running() {
      return running && { trigger: running.trigger, startedAt: running.startedAt };
    },
    get pending() {
      return pending !== undefined;
    },
    async stop() {
      stopping = true;
      pending = undefined;
      while (running) await running.promise;
    },
    idle() {
      if (!running && !pending) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
