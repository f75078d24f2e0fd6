// How the IndexNow notice of the live release went (core/publish/indexnow.ts), as the build status
// API carries it to the Studio. Its own module: the Studio imports it without the rest.

/**
 * What the Studio's "Veröffentlichungen" tool shows of the live release's notice (through the
 * build status API): being sent, sent with how many addresses, nothing to send, or failed.
 */
export type IndexNowReport =
  | { state: 'sending'; urls: number }
  | { state: 'sent'; urls: number; at: string }
  | { state: 'unchanged' }
  | { state: 'not-comparable' }
  /** The site's address is this machine (`npm start`): search engines cannot reach it. */
  | { state: 'local' }
  | { state: 'failed'; urls: number };

export function isIndexNowReport(value: unknown): value is IndexNowReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  if (report.state === 'unchanged' || report.state === 'not-comparable' || report.state === 'local') return true;
  return (report.state === 'sending' || report.state === 'sent' || report.state === 'failed') && typeof report.urls === 'number';
}
