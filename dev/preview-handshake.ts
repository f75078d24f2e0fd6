// The Studio's side of the preview handshake, for tests and the bench: the secret document the
// Presentation tool stores in the dataset, and the visit to the enable route it makes.
import { draftIdOf } from '../core/sanity/ids.ts';
import type { RawDocument } from '../src/lib/sanity/embedded.ts';

/** A secret as the Presentation tool stores it; `ageSeconds` old (Sanity's are valid 3600 s). */
export function previewSecretDocument(secret: string, studioUrl: string, ageSeconds = 0): RawDocument {
  return {
    _id: draftIdOf(`preview-secret-${secret}`),
    _type: 'sanity.previewUrlSecret',
    _updatedAt: new Date(Date.now() - ageSeconds * 1000).toISOString(),
    secret,
    source: 'presentation',
    studioUrl,
  };
}

/** The Studio's handshake: the enable route with a secret; returns the cookies it set. */
export async function handshake(previewUrl: string, secret: string, pathname = '/', perspective?: string): Promise<{ status: number; location: string | null; setCookies: string[]; cookie: string }> {
  const url = new URL('/preview/enable', previewUrl);
  url.searchParams.set('sanity-preview-secret', secret);
  url.searchParams.set('sanity-preview-pathname', pathname);
  if (perspective) url.searchParams.set('sanity-preview-perspective', perspective);
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  const setCookies = response.headers.getSetCookie();
  return { status: response.status, location: response.headers.get('location'), setCookies, cookie: setCookies.map((line) => line.split(';')[0]).join('; ') };
}
