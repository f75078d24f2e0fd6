// Coalesces build requests: one build runs at a time, and any number of requests while it runs
// cause exactly one follow-up build (it will see all the changes), never a queue of builds. The
// follow-up's trigger is the requests' triggers merged (core/publish/build-trigger.ts): every
// published document once, so the build knows them all and the Studio can tell they are taken.
// Requests for documents of the transaction whose webhook started the running build are
// `covered`: that build reads the content after the transaction was committed, so it has them
// (a published release is one transaction with one webhook per document: one build).
// A build that throws is handed to `onError` (the publish server logs it and records a failed
// build), and the queue goes on: an error never leaves a build "running" forever.
import { mergeTriggers, type BuildTrigger } from '../core/publish/build-trigger.ts';

export type RequestResult = 'started' | 'queued' | 'coalesced' | 'covered' | 'stopping';

export interface BuildQueue {
  request(trigger: BuildTrigger): RequestResult;
  readonly running: { trigger: BuildTrigger; startedAt: Date } | undefined;
  /** The follow-up build's trigger and when its first request came. */
  readonly pending: { trigger: BuildTrigger; since: Date } | undefined;
  /** Refuses new requests, drops the pending one and waits for the running build to settle. */
  stop(): Promise<void>;
  /** Resolves when no build is running or pending. */
  idle(): Promise<void>;
}

/** What the queue does with a build that threw: report it. It must not throw itself. */
export type BuildErrorHandler = (error: unknown, trigger: BuildTrigger) => void | Promise<void>;

/**
 * Whether the running build already has every document of `trigger`: each was published (not
 * deleted) with a revision that a document of the running build's trigger has. A revision is the
 * id of the transaction that wrote it, and the running build started on that transaction's
 * webhook, after it was committed. Deletes carry the old revision and are never covered.
 */
function isCovered(running: BuildTrigger, trigger: BuildTrigger): boolean {
  if (trigger.kind !== 'publish' || trigger.documents.length === 0) return false;
  const revisions = new Set(running.documents.flatMap((doc) => (doc._rev && doc.operation !== 'delete' ? [doc._rev] : [])));
  return trigger.documents.every((doc) => doc._rev !== undefined && doc.operation !== 'delete' && revisions.has(doc._rev));
}

export function createBuildQueue(runBuild: (trigger: BuildTrigger) => Promise<void>, onError: BuildErrorHandler, now: () => Date = () => new Date()): BuildQueue {
  let running: { trigger: BuildTrigger; startedAt: Date; promise: Promise<void> } | undefined;
  let pending: { trigger: BuildTrigger; since: Date } | undefined;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];

  function start(trigger: BuildTrigger) {
    const promise = runBuild(trigger)
      .catch((error: unknown) => onError(error, trigger))
      .catch((error: unknown) => {
        // The last resort: the handler itself failed; the queue still goes on.
        console.error(`build queue: a build failed and its error could not be recorded: ${error instanceof Error ? error.stack : String(error)}`);
      })
      .then(() => {
        running = undefined;
        if (pending && !stopping) {
          const next = pending.trigger;
          pending = undefined;
          start(next);
        } else {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      });
    running = { trigger, startedAt: now(), promise };
  }

  return {
    request(trigger) {
      if (stopping) return 'stopping';
      if (!running) {
        start(trigger);
        return 'started';
      }
      if (isCovered(running.trigger, trigger)) {
        // Shown with the running build (/status), which has them.
        running.trigger = mergeTriggers(running.trigger, trigger);
        return 'covered';
      }
      if (pending) {
        pending.trigger = mergeTriggers(pending.trigger, trigger);
        return 'coalesced';
      }
      pending = { trigger, since: now() };
      return 'queued';
    },
    get running() {
      return running && { trigger: running.trigger, startedAt: running.startedAt };
    },
    get pending() {
      return pending && { ...pending };
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
