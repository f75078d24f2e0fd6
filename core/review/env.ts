// The reminder mails' settings, read by each runtime's config module (server/config.ts,
// netlify/lib/config.ts). Without SMTP_URL the reminders are off; a bad value says which variable
// to fix and never echoes the SMTP password.
import { readSourceConfig, type SanityEnv } from '../sanity/env.ts';

export interface ReviewMailConfig {
  /** smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465; a secret. */
  smtpUrl: string;
  /** The sender, e.g. "KSP-Redaktion <redaktion@example.org>". */
  from: string;
  /** Where the due items are read (the content source's Sanity settings). */
  sanity: SanityEnv;
}

export type ReviewMailSettings = { ok: true; config: ReviewMailConfig } | { ok: false; state: 'off' | 'failed'; reason: string };

type Env = Record<string, string | undefined>;

/** "Name <address>" or a bare address; one sender only. */
function isSender(value: string): boolean {
  const match = /^(?:[^<>\r\n,;]*<([^<>\s]+)>|([^<>\s,;]+))$/.exec(value);
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(address);
}

export function readReviewMailSettings(env: Env): ReviewMailSettings {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return { ok: false, state: 'off', reason: 'Not configured: set SMTP_URL (and REVIEW_MAIL_FROM) to send the weekly review reminders.' };
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    return { ok: false, state: 'failed', reason: 'SMTP_URL is not an SMTP address. Write it as smtp://user:password@host:587 (or smtps://…:465 for TLS from the start); encode special characters of the password with %XX.' };
  }
  const from = env.REVIEW_MAIL_FROM?.trim();
  if (!from) return { ok: false, state: 'failed', reason: 'REVIEW_MAIL_FROM is missing: the sender of the review reminders, e.g. "KSP-Redaktion <redaktion@example.org>".' };
  if (!isSender(from)) return { ok: false, state: 'failed', reason: `REVIEW_MAIL_FROM "${from}" is not one e-mail address (optionally with a name), e.g. "KSP-Redaktion <redaktion@example.org>".` };
  let source: ReturnType<typeof readSourceConfig>;
  try {
    source = readSourceConfig(env, '');
  } catch (error) {
    return { ok: false, state: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  if (source.kind !== 'sanity') {
    return { ok: false, state: 'failed', reason: 'The review reminders read the review dates from Sanity: set SANITY_PROJECT_ID (and SANITY_READ_TOKEN for a private dataset). The embedded dataset has no editors to remind.' };
  }
  return { ok: true, config: { smtpUrl: raw, from, sanity: source.sanity } };
}
