// No secret reaches the public site: neither the values of the secret environment variables of
// this build (core/secrets.ts: read, preview and feedback tokens, webhook secret, build hook URL
// and its id, API tokens), nor anything shaped like a Sanity token, nor the names of those
// variables (a sign that server code was bundled).
// Every file of the built site is read, Pagefind's gzipped index files un-gzipped.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readSiteText } from '../helpers/dist-files.ts';
import { siteDir } from '../helpers/quality-site.ts';
import { secretsIn } from '../../core/publish/log.ts';
import { SECRET_ENV_NAMES } from '../../core/secrets.ts';

/** Sanity API tokens are "sk" followed by a long run of letters and digits. */
const TOKEN_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'Sanity token', pattern: /(?<![A-Za-z0-9])sk[A-Za-z0-9]{20,}/ },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'Netlify build hook', pattern: /api\.netlify\.com\/build_hooks\// },
  { name: 'secret variable name', pattern: new RegExp(SECRET_ENV_NAMES.join('|')) },
];
/** Binary files hold random bytes that may spell anything; their text parts are not public code. */
const BINARY = /\.(wasm|png|jpe?g|webp|avif|gif|ico|woff2?|pdf)$/i;

let files: { name: string; text: string }[] = [];

beforeAll(async () => {
  const dir = siteDir();
  files = await Promise.all((await listFiles(dir)).map(async (file) => ({ name: path.relative(dir, file), text: await readSiteText(file) })));
});

describe('secrets', () => {
  it('no secret value of the build environment appears in the site', () => {
    const secrets = secretsIn(process.env).filter((secret) => secret.length >= 8);
    const lines = files.flatMap(({ name, text }) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${name}: contains the value of a secret variable (${secret.slice(0, 4)}…)`));
    expect(lines).toEqual([]);
  });

  it('nothing shaped like a token, key, build hook or secret variable name', () => {
    const lines = files
      .filter(({ name }) => !BINARY.test(name))
      .flatMap(({ name, text }) => TOKEN_PATTERNS.flatMap(({ name: kind, pattern }) => {
        const match = pattern.exec(text);
        return match ? [`${name}: ${kind} "${match[0].slice(0, 12)}…" at offset ${match.index}`] : [];
      }));
    expect(lines, lines.join('\n')).toEqual([]);
  });
});
