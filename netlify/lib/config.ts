// The environment of the Netlify Functions (Netlify → Site configuration → Environment
// variables, scope "Functions"): the one module of netlify/ that reads process.env. Read at every
// invocation, since a warm instance is reused across changes of the variables. Each setting is
// checked when its function asks for it, so a function never fails over another's variable; a bad
// value throws an error that names the variable (PublishConfigError, FeedbackConfigError).
import { readFeedbackConfig, type FeedbackConfig } from '../../core/feedback/env.ts';
import { readBuildHookUrl, readMaxBodyBytes, readWebhookSecret } from '../../core/publish/env.ts';
import { secretsIn } from '../../core/publish/log.ts';
import { readStudioOrigin } from '../../core/publish/studio-origin.ts';
import { readIndexNowConfig, type IndexNowConfig } from '../../core/publish/indexnow.ts';
import { readReviewMailSettings, type ReviewMailSettings } from '../../core/review/env.ts';
import { readUnpublishSettings, type UnpublishSettings } from '../../core/publish/unpublish.ts';
import { readLinkCheckSwitch } from '../../core/link-check.ts';
import { PublishConfigError } from '../../core/publish/env.ts';

export interface FunctionConfig {
  /** Every secret value of the environment, blanked from the function log. */
  secrets: readonly string[];
  /** The Sanity webhook receiver: SANITY_WEBHOOK_SECRET, NETLIFY_BUILD_HOOK_URL, WEBHOOK_MAX_BYTES. */
  webhook(): { secret: string; hookUrl: URL; maxBytes: number };
  /** NETLIFY_BUILD_HOOK_URL, for the daily rebuild. */
  buildHookUrl(): URL;
  /** STUDIO_ORIGIN: the only browser origin that may read the build status. */
  studioOrigin(): string;
  /** NETLIFY_API_TOKEN (optional): without it the build status answers 501. */
  netlifyApiToken: string | undefined;
  /** Page feedback: the Sanity project and SANITY_FEEDBACK_TOKEN. */
  feedback(): FeedbackConfig;
  /** Review reminders: SMTP_URL, REVIEW_MAIL_FROM and the Sanity project to read (off without SMTP_URL). */
  reviewMail(): ReviewMailSettings;
  /** SANITY_UNPUBLISH_TOKEN with the project (optional): unpublishing at "Sichtbar bis". */
  unpublish(): UnpublishSettings;
  /** The live site's address, where the scheduled function reads the build manifest: Netlify's URL, else SITE_URL. */
  siteUrl(): string;
  /** INDEXNOW_KEY and INDEXNOW_ENDPOINT (scopes "Builds" and "Functions"); undefined: IndexNow is off. */
  indexNow(): IndexNowConfig | undefined;
  /**
   * The external link check after each deploy (netlify/lib/link-check-start.ts): off with
   * LINK_CHECK=off; its start is signed with SANITY_WEBHOOK_SECRET, which the site has anyway.
   */
  linkCheck(): { secret: string } | undefined;
  /** KSP_NETLIFY_SITE is `preview`: the drafts preview site, which never announces anything. */
  previewSite: boolean;
}

export function readFunctionConfig(env: Record<string, string | undefined> = process.env): FunctionConfig {
  return {
    secrets: secretsIn(env),
    webhook: () => ({ secret: readWebhookSecret(env), hookUrl: readBuildHookUrl(env), maxBytes: readMaxBodyBytes(env) }),
    buildHookUrl: () => readBuildHookUrl(env),
    studioOrigin: () => readStudioOrigin(env),
    netlifyApiToken: env.NETLIFY_API_TOKEN?.trim() || undefined,
    feedback: () => readFeedbackConfig(env),
    reviewMail: () => readReviewMailSettings(env),
    unpublish: () => readUnpublishSettings(env),
    siteUrl: () => {
      const url = env.URL?.trim() || env.SITE_URL?.trim();
      if (!url || !/^https?:\/\//.test(url)) throw new Error('Neither URL (set by Netlify) nor SITE_URL is an absolute address; the scheduled rebuild reads the live build manifest there. Set SITE_URL, e.g. https://servicepoint.kassel.de.');
      return url;
    },
    indexNow: () => readIndexNowConfig(env),
    linkCheck: () => {
      let on: boolean;
      try {
        on = readLinkCheckSwitch(env);
      } catch (error) {
        throw new PublishConfigError((error as Error).message);
      }
      return on ? { secret: readWebhookSecret(env) } : undefined;
    },
    previewSite: env.KSP_NETLIFY_SITE?.trim() === 'preview',
  };
}
