// The reminder mails of review dates on the publish server (issue 27): the weekly digest (checked
// every few minutes, sent from Monday 07:00 in Kassel, remembered in the state directory so a
// restart never sends a week twice) and the digest on an editor's request (the signed webhook of
// the request document). Runs never overlap. Off without SMTP_URL; GET /api/review-mail says so.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReviewMailSettings } from '../core/review/env.ts';
import { createMailer } from '../core/review/mailer.ts';
import { emptyState, parseState, runOnRequest, runWeekly, type ReviewMailState, type RunDeps, type StateStore } from '../core/review/run.ts';
import { fetchReviewItems } from '../core/review/source.ts';
import { reviewMailStatus, type ReviewMailStatus } from '../core/review/status.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

/** How often the weekly timer looks whether this week's digest is due. */
export const WEEKLY_CHECK_MS = 10 * 60 * 1000;

export interface ReviewMailOptions {
  settings: ReviewMailSettings;
  /** The Studio's origin (STUDIO_ORIGIN): the links in the mails open documents there. */
  studioOrigin: string;
  /** The file that remembers what went out (review-mail/state.json in KSP_STATE_DIR). */
  stateFile: string;
  log: (event: Record<string, unknown>) => void;
  now?: () => Date;
  checkIntervalMs?: number;
}

export function reviewMailStateFile(stateDir: string): string {
  return path.join(stateDir, 'review-mail', 'state.json');
}

function fileStore(file: string, log: ReviewMailOptions['log'], remember: (state: ReviewMailState) => void): StateStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
        throw error;
      }
      try {
        return parseState(JSON.parse(text));
      } catch {
        // Starting empty could send this week's digest again; refusing to run is the safer choice.
        log({ event: 'review-mail-state-unreadable', file, note: 'Delete or fix the file to send reminders again.' });
        throw new Error(`${file} is not valid JSON; the reminders wait until it is fixed or deleted.`);
      }
    },
    async save(state) {
      remember(state);
      await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
    },
  };
}

export function createReviewMail(options: ReviewMailOptions) {
  const { settings, log } = options;
  const now = options.now ?? (() => new Date());
  let saved: ReviewMailState | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const store = fileStore(options.stateFile, log, (state) => {
    saved = structuredClone(state);
  });

  /** One run at a time: the weekly check and a request never send side by side. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  }

  /** One run with its own SMTP connection, closed afterwards; errors are logged, never thrown. */
  async function run(kind: 'weekly' | 'request', body: (deps: RunDeps) => Promise<unknown>): Promise<void> {
    if (!settings.ok || stopped) return;
    const mailer = createMailer(settings.config);
    const deps: RunDeps = {
      state: store,
      fetchItems: (until) => fetchReviewItems(settings.config.sanity, until),
      send: (mail) => mailer.send(mail),
      studioUrl: options.studioOrigin,
      now,
      log,
    };
    try {
      await body(deps);
    } catch (error) {
      log({ event: 'review-mail-failed', kind, detail: error instanceof Error ? error.message : String(error) });
    } finally {
      mailer.close();
    }
  }

  const weekly = () => run('weekly', (deps) => runWeekly(deps));

  return {
    status(): ReviewMailStatus {
      return reviewMailStatus(settings.ok ? 'on' : settings.state, saved);
    },

    /** Starts the digest asked for from the Studio; the answer comes before the mails go out. */
    request(): { digest: 'sending' | 'off' } {
      if (!settings.ok || stopped) return { digest: 'off' };
      void serial(() =>
        run('request', async (deps) => {
          const outcome = await runOnRequest(deps);
          if (outcome.status === 'cooldown') log({ event: 'review-mail', kind: 'request', skipped: 'cooldown', retryAt: outcome.retryAt });
        }),
      );
      return { digest: 'sending' };
    },

    /**
     * Reads what went out before and starts the weekly check (at once, then every few minutes).
     * An unreadable memory throws: sending without it could repeat this week's mails.
     */
    async start(): Promise<void> {
      if (!settings.ok) return;
      saved = await store.load();
      void serial(weekly);
      timer = setInterval(() => void serial(weekly), options.checkIntervalMs ?? WEEKLY_CHECK_MS);
      timer.unref();
    },

    /** Resolves once the settled run (if any) has finished; the check stops. */
    async idle(): Promise<void> {
      await chain;
    },

    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}

export type ReviewMail = ReturnType<typeof createReviewMail>;
