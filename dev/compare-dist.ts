// Compares two built sites file by file, to prove that a refactoring changed no output
// (`npm run compare-dist -- <before-dir> <after-dir>`, scripts/compare-dist.ts).
//
// Every file must exist in both and have the same bytes. The one allowed difference is the name
// of a content-hashed asset (Vite's `_astro/<name>.<hash>.<ext>`, Pagefind's `<lang>_<hash>.pf_*`
// and `pagefind.<lang>_<hash>.pf_meta`): such files are paired by their name without the hash,
// and their contents, and every file that mentions them, must match once the hashed names of
// the first build are replaced by those of the second. The build manifest names its own build
// (id, start and end): those three fields may differ, nothing else in it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_MANIFEST_PATH } from '../core/publish/build-manifest.ts';

const HASHED = [
  // Vite: _astro/BaseLayout.0TomlPGD.css, _astro/search.DpkgsRCB.js
  { pattern: /^(_astro\/.+)\.[A-Za-z0-9_-]{8}(\.[a-z0-9]+)$/, key: (m: RegExpMatchArray) => `${m[1]}.#${m[2]}` },
  // Pagefind: pagefind/fragment/de_079eb07.pf_fragment, pagefind/pagefind.de_cf6f87c54b.pf_meta
  { pattern: /^(pagefind\/(?:.+\/)?(?:pagefind\.)?[a-z-]+_)[0-9a-f]{6,}(\.pf_[a-z]+)$/, key: (m: RegExpMatchArray) => `${m[1]}#${m[2]}` },
];

/** The name of a hashed asset with its hash replaced by `#`; undefined for other files. */
export function unhashed(file: string): string | undefined {
  for (const { pattern, key } of HASHED) {
    const match = pattern.exec(file);
    if (match) return key(match);
  }
  return undefined;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export interface Comparison {
  files: number;
  identical: number;
  /** before name → after name of hashed assets whose hash changed. */
  renamed: Map<string, string>;
  problems: string[];
}

export async function compareDist(before: string, after: string): Promise<Comparison> {
  const [a, b] = await Promise.all([listFiles(before), listFiles(after)]);
  const inB = new Set(b);
  const onlyA = a.filter((file) => !inB.has(file));
  const onlyB = new Set(b.filter((file) => !a.includes(file)));
  const problems: string[] = [];
  const renamed = new Map<string, string>();

  // Pair hashed assets that exist under another hash in the other build.
  const byKeyB = new Map<string, string[]>();
  for (const file of onlyB) {
    const key = unhashed(file);
    if (key) byKeyB.set(key, [...(byKeyB.get(key) ?? []), file]);
  }
  for (const file of onlyA) {
    const key = unhashed(file);
    const candidates = key ? (byKeyB.get(key) ?? []) : [];
    if (key && candidates.length === 1) {
      renamed.set(file, candidates[0]!);
      onlyB.delete(candidates[0]!);
    } else if (candidates.length > 1) {
      problems.push(`${file}: ${candidates.length} files in the second build could be its renamed copy (${candidates.join(', ')})`);
    } else {
      problems.push(`${file}: only in the first build`);
    }
  }
  for (const file of onlyB) problems.push(`${file}: only in the second build`);

  // Longest names first, so a name that contains another is replaced whole.
  const renames = [...renamed].map(([from, to]) => [path.posix.basename(from), path.posix.basename(to)] as const).sort((x, y) => y[0].length - x[0].length);
  const normalised = (bytes: Buffer): Buffer => {
    if (renames.length === 0) return bytes;
    let text = bytes.toString('latin1');
    for (const [from, to] of renames) text = text.split(from).join(to);
    return Buffer.from(text, 'latin1');
  };

  let identical = 0;
  const pairs: [string, string][] = [...a.filter((file) => inB.has(file)).map((file) => [file, file] as [string, string]), ...renamed];
  for (const [fileA, fileB] of pairs) {
    const [bytesA, bytesB] = await Promise.all([readFile(path.join(before, fileA)).then((bytes) => comparable(fileA, bytes)), readFile(path.join(after, fileB)).then((bytes) => comparable(fileB, bytes))]);
    if (bytesA.equals(bytesB)) identical++;
    else if (!normalised(bytesA).equals(bytesB)) problems.push(`${fileA}${fileA === fileB ? '' : ` → ${fileB}`}: contents differ${firstDifference(bytesA, bytesB)}`);
    else identical++;
  }
  return { files: a.length, identical, renamed, problems };
}

const MANIFEST_FILE = BUILD_MANIFEST_PATH.slice(1);
/** Fields of the build manifest that differ between any two builds by design. */
const PER_BUILD_FIELDS = ['buildId', 'startedAt', 'finishedAt'];

/** The build manifest without its per-build fields; other files as they are. */
function comparable(file: string, bytes: Buffer): Buffer {
  if (file !== MANIFEST_FILE) return bytes;
  try {
    const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    for (const field of PER_BUILD_FIELDS) delete manifest[field];
    return Buffer.from(JSON.stringify(manifest));
  } catch {
    return bytes;
  }
}

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 40), i + 60).toString('utf8'));
  return ` at byte ${i}:\n    first:  ${around(a)}\n    second: ${around(b)}`;
}
