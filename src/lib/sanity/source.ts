// The one switch between content sources. Everything in src/ fetches content through
// `runQuery`; nothing else imports @sanity/client or groq-js.
import path from 'node:path';
import { createClient, type SanityClient } from '@sanity/client';
import { evaluate, parse } from 'groq-js';
import { loadEmbeddedDataset, type RawDocument } from './embedded.ts';
import { readSourceConfig, type ContentSourceConfig, type SanityEnv } from './env.ts';

export const DEFAULT_DATASET_FILE = path.resolve(process.cwd(), 'content', 'dataset.ndjson');

export type QueryParams = Record<string, string | number | boolean | string[] | null>;

export interface ContentSource {
  readonly description: string;
  fetch<T>(query: string, params?: QueryParams): Promise<T>;
}

export function createSanityClient(sanity: SanityEnv): SanityClient {
  return createClient({
    projectId: sanity.projectId,
    dataset: sanity.dataset,
    apiVersion: sanity.apiVersion,
    token: sanity.token,
    // Builds must see what was just published, not a CDN copy.
    useCdn: false,
    perspective: 'published',
    ...(sanity.apiHost ? { apiHost: sanity.apiHost, useProjectHostname: false } : {}),
  });
}

function sanitySource(sanity: SanityEnv): ContentSource {
  const client = createSanityClient(sanity);
  return {
    description: `Sanity project ${sanity.projectId}, dataset ${sanity.dataset}${sanity.apiHost ? ` via ${sanity.apiHost}` : ''}`,
    async fetch<T>(query: string, params: QueryParams = {}) {
      try {
        return await client.fetch<T>(query, params);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const hint =
          status === 401 || status === 403
            ? ' The dataset is private or the token is wrong: set SANITY_READ_TOKEN to a token with read access (sanity.io/manage → API → Tokens).'
            : status === 404
              ? ' Check SANITY_PROJECT_ID and SANITY_DATASET.'
              : '';
        throw new Error(`Fetching content from ${this.description} failed: ${(error as Error).message}.${hint}`, { cause: error });
      }
    },
  };
}

export function embeddedSource(file: string): ContentSource {
  let dataset: Promise<RawDocument[]> | undefined;
  return {
    description: `embedded dataset ${path.relative(process.cwd(), file) || file}`,
    async fetch<T>(query: string, params: QueryParams = {}) {
      dataset ??= loadEmbeddedDataset(file);
      const tree = parse(query, { params });
      const value = await evaluate(tree, { dataset: await dataset, params });
      return (await value.get()) as T;
    },
  };
}

export function createSource(config: ContentSourceConfig): ContentSource {
  return config.kind === 'sanity' ? sanitySource(config.sanity) : embeddedSource(config.file);
}

let current: ContentSource | undefined;

/** The source chosen by the environment, created once per build. */
export function getSource(): ContentSource {
  current ??= createSource(readSourceConfig(process.env, DEFAULT_DATASET_FILE));
  return current;
}

export function runQuery<T>(query: string, params?: QueryParams): Promise<T> {
  return getSource().fetch<T>(query, params);
}
