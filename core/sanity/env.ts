// Reads and checks the environment that chooses the content source. A bad value stops the
// build with a message that names the variable and how to fix it.

export interface SanityEnv {
  projectId: string;
  dataset: string;
  apiVersion: string;
  /** Server-only read token for private datasets; never rendered into pages. */
  token?: string;
  /** Custom API host, e.g. a proxy or the local Content Lake (dev/lake). */
  apiHost?: string;
}

export type ContentSourceConfig =
  | { kind: 'sanity'; sanity: SanityEnv }
  | { kind: 'embedded'; file: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_API_VERSION = '2025-02-19';

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Decides the content source from environment variables (given by each runtime's config module). */
export function readSourceConfig(env: Record<string, string | undefined>, defaultFile: string): ContentSourceConfig {
  const projectId = clean(env.SANITY_PROJECT_ID);
  if (!projectId) {
    return { kind: 'embedded', file: clean(env.KSP_CONTENT_FILE) ?? defaultFile };
  }
  if (!/^[a-z0-9][-a-z0-9]*$/.test(projectId)) {
    throw new ConfigError(
      `SANITY_PROJECT_ID "${projectId}" is not a Sanity project id (lowercase letters, digits and dashes, e.g. "abc123de"). Copy it from sanity.io/manage, or unset it to build from the embedded dataset.`,
    );
  }
  const dataset = clean(env.SANITY_DATASET) ?? 'production';
  if (!/^[a-z0-9][-\w]{0,63}$/.test(dataset)) {
    throw new ConfigError(
      `SANITY_DATASET "${dataset}" is not a valid dataset name (lowercase letters, digits, "_" and "-", at most 64 characters). Leave it unset for "production".`,
    );
  }
  const apiVersion = clean(env.SANITY_API_VERSION) ?? DEFAULT_API_VERSION;
  if (!/^(\d{4}-\d{2}-\d{2}|1|X)$/.test(apiVersion)) {
    throw new ConfigError(
      `SANITY_API_VERSION "${apiVersion}" must be a date like ${DEFAULT_API_VERSION}. Leave it unset for ${DEFAULT_API_VERSION}.`,
    );
  }
  const apiHost = clean(env.SANITY_API_HOST);
  if (apiHost && !/^https?:\/\/[^/]+/.test(apiHost)) {
    throw new ConfigError(
      `SANITY_API_HOST "${apiHost}" must be an absolute URL such as https://api.sanity.io. Leave it unset to use Sanity's own host.`,
    );
  }
  return {
    kind: 'sanity',
    sanity: { projectId, dataset, apiVersion, token: clean(env.SANITY_READ_TOKEN), apiHost },
  };
}
