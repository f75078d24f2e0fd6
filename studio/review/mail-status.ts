// Reads GET /api/review-mail of the site (publish server) for the tool: whether reminders are on
// and when they last went out. Polled only while the tool is open.
import { useCallback, useEffect, useState } from 'react';
import { parseReviewMailStatus, REVIEW_MAIL_STATUS_PATH, type ReviewMailStatus } from '../../core/review/status';

/** `unknown`: no site address in this Studio, or the site did not answer. */
export type MailStatus = { kind: 'loading' } | { kind: 'unknown' } | { kind: 'known'; status: ReviewMailStatus };

export function useMailStatus(siteUrl: string | undefined, intervalMs: number): { mail: MailStatus; refresh: () => void } {
  const [mail, setMail] = useState<MailStatus>(siteUrl ? { kind: 'loading' } : { kind: 'unknown' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((value) => value + 1), []);
  useEffect(() => {
    if (!siteUrl) return;
    let cancelled = false;
    fetch(new URL(REVIEW_MAIL_STATUS_PATH, siteUrl), { cache: 'no-cache' })
      .then(async (response) => (response.ok ? parseReviewMailStatus(await response.json()) : undefined))
      .catch(() => undefined)
      .then((status) => {
        if (!cancelled) setMail(status ? { kind: 'known', status } : { kind: 'unknown' });
      });
    const timer = setTimeout(refresh, intervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [siteUrl, tick, intervalMs, refresh]);
  return { mail, refresh };
}
