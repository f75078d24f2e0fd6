// Reads and checks the environment of the webhook receivers. A bad value produces an error that
// names the variable and says how to fix it; secret values are never echoed.
import { isLoopbackHost } from '../http/loopback.ts';
import { DEFAULT_MAX_BODY_BYTES } from './webhook.ts';

export class PublishConfigError extends Error {
  override name = 'PublishConfigError';
}

type Env = Record<string, string | undefined>;

/** Shortest webhook secret accepted; Sanity lets editors type any string, so insist on entropy. */
export const MIN_SECRET_LENGTH = 16;

export function readWebhookSecret(env: Env): string {
  const secret = env.SANITY_WEBHOOK_SECRET?.trim();
  if (!secret) {
    throw new PublishConfigError(
      'SANITY_WEBHOOK_SECRET is not set. Generate one (e.g. `openssl rand -base64 32`), enter it as the secret of the Sanity webhook, and set the same value in this environment.',
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new PublishConfigError(
      `SANITY_WEBHOOK_SECRET is too short (${secret.length} characters, at least ${MIN_SECRET_LENGTH} needed). Generate a new one with \`openssl rand -base64 32\` and update the Sanity webhook too.`,
    );
  }
  return secret;
}

export function readMaxBodyBytes(env: Env): number {
  const raw = env.WEBHOOK_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_BODY_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 256 || value > 10 * 1024 * 1024) {
    throw new PublishConfigError(
      `WEBHOOK_MAX_BYTES "${raw}" must be a whole number of bytes between 256 and 10485760. Leave it unset for ${DEFAULT_MAX_BODY_BYTES}.`,
    );
  }
  return value;
}

/** The Netlify build hook URL: https (plain http only for a local test receiver). */
export function readBuildHookUrl(env: Env): URL {
  const raw = env.NETLIFY_BUILD_HOOK_URL?.trim();
  if (!raw) {
    throw new PublishConfigError(
      'NETLIFY_BUILD_HOOK_URL is not set. Create a build hook in Netlify (Site configuration → Build & deploy → Build hooks) and set its URL as an environment variable of the site.',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PublishConfigError('NETLIFY_BUILD_HOOK_URL is not a URL. Copy the full https://api.netlify.com/build_hooks/… address from Netlify.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new PublishConfigError('NETLIFY_BUILD_HOOK_URL must be an https:// address. Copy it from Netlify → Build hooks.');
  }
  return url;
}
