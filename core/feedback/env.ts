// Reads the environment of the feedback receivers. Feedback is stored in the Sanity project the
// site is built from (SANITY_PROJECT_ID, SANITY_DATASET, SANITY_API_HOST) with its own write
// token, SANITY_FEEDBACK_TOKEN, which is never given to the build. A missing or bad value yields
// an error naming the variable; values are never echoed.
import { createClient, type SanityClient } from '@sanity/client';
import { ConfigError, readSourceConfig, type SanityEnv } from '../sanity/env.ts';
import { deriveProofSecrets, type ProofSecrets } from './proof.ts';

export class FeedbackConfigError extends Error {
  override name = 'FeedbackConfigError';
}

export interface FeedbackConfig {
  sanity: Omit<SanityEnv, 'token'>;
  token: string;
  secrets: ProofSecrets;
}

type Env = Record<string, string | undefined>;

export function readFeedbackConfig(env: Env): FeedbackConfig {
  let source;
  try {
    source = readSourceConfig(env, '');
  } catch (error) {
    if (error instanceof ConfigError) throw new FeedbackConfigError(error.message);
    throw error;
  }
  if (source.kind !== 'sanity') {
    throw new FeedbackConfigError('SANITY_PROJECT_ID is not set. Page feedback is stored in Sanity: set the project id (and SANITY_DATASET) where the feedback receiver runs.');
  }
  const token = env.SANITY_FEEDBACK_TOKEN?.trim();
  if (!token) {
    throw new FeedbackConfigError(
      'SANITY_FEEDBACK_TOKEN is not set. Create a robot token in sanity.io/manage → API → Tokens (see README, "Page feedback") and set it where the feedback receiver runs, never for the build.',
    );
  }
  if (token.length < 20) throw new FeedbackConfigError('SANITY_FEEDBACK_TOKEN is too short to be a Sanity token. Copy the whole token from sanity.io/manage.');
  const { token: _readToken, ...sanity } = source.sanity;
  return { sanity, token, secrets: deriveProofSecrets(token) };
}

export function createFeedbackClient({ sanity, token }: FeedbackConfig): SanityClient {
  return createClient({
    projectId: sanity.projectId,
    dataset: sanity.dataset,
    apiVersion: sanity.apiVersion,
    token,
    useCdn: false,
    // A citizen waits for the answer, and Netlify stops a function after 10 s.
    timeout: 5000,
    ...(sanity.apiHost ? { apiHost: sanity.apiHost, useProjectHostname: false } : {}),
  });
}
