// The one list of secret environment variables of the platform. It feeds the log redaction
// (core/publish/log.ts), the publish server's check that no secret reaches a build it does not
// need (server/config.ts) and the scan of the built site for leaked names and values
// (tests/quality/secrets.test.ts). A new secret is added here, and only here.

export const SECRET_ENV_NAMES = [
  /** The secret of the Sanity webhook (publish server, Netlify Function). */
  'SANITY_WEBHOOK_SECRET',
  /** The Netlify build hook; its last path segment is a secret of its own. */
  'NETLIFY_BUILD_HOOK_URL',
  /** Read token of a private dataset: the only secret a build needs. */
  'SANITY_READ_TOKEN',
  /** Viewer token of the drafts preview: reads drafts, never given to a build. */
  'SANITY_PREVIEW_TOKEN',
  /** Write token for page feedback. */
  'SANITY_FEEDBACK_TOKEN',
  /** Editor token that unpublishes documents past "Sichtbar bis" (publish server, Netlify scheduled function). */
  'SANITY_UNPUBLISH_TOKEN',
  /** Tokens of the Sanity CLI (deploys, dataset import). */
  'SANITY_API_TOKEN',
  'SANITY_AUTH_TOKEN',
  /** Netlify personal access tokens (build status function, Netlify CLI). */
  'NETLIFY_API_TOKEN',
  'NETLIFY_AUTH_TOKEN',
] as const;

export type SecretEnvName = (typeof SECRET_ENV_NAMES)[number];

/** The secrets a site build reads (src/lib/sanity/source.ts); every other one is kept from it. */
export const BUILD_SECRET_NAMES: readonly SecretEnvName[] = ['SANITY_READ_TOKEN'];

export function isSecretEnvName(name: string): name is SecretEnvName {
  return (SECRET_ENV_NAMES as readonly string[]).includes(name);
}
