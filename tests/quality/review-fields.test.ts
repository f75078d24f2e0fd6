// "Verantwortlich" and "Nächste Prüfung" are for the editors only (issue 27): no owner's name or
// address and no review date of content/dataset.ndjson appears anywhere in the built site
// (pages, scripts, the search index, the build manifest).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readSiteText } from '../helpers/dist-files.ts';
import { root, siteDir } from '../helpers/quality-site.ts';

const BINARY = /\.(wasm|png|jpe?g|webp|avif|gif|ico|woff2?|pdf)$/i;

function editorialValues(): string[] {
  const values = new Set<string>(['reviewOwner', 'nextReview']);
  for (const line of readFileSync(path.join(root, 'content', 'dataset.ndjson'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as { reviewOwner?: { name?: string; email?: string } };
    if (doc.reviewOwner?.email) values.add(doc.reviewOwner.email);
    if (doc.reviewOwner?.name) values.add(doc.reviewOwner.name);
  }
  return [...values];
}

let files: { name: string; text: string }[] = [];

beforeAll(async () => {
  const dir = siteDir();
  files = await Promise.all((await listFiles(dir)).filter((file) => !BINARY.test(file)).map(async (file) => ({ name: path.relative(dir, file), text: await readSiteText(file) })));
});

describe('review fields stay out of the site', () => {
  it('the embedded dataset has owners to look for', () => {
    expect(editorialValues().filter((value) => value.includes('@')).length).toBeGreaterThan(3);
  });

  it('no owner, address or review field name appears in any file of the built site', () => {
    const values = editorialValues();
    const leaks = files.flatMap(({ name, text }) => values.filter((value) => text.includes(value)).map((value) => `${name}: ${value}`));
    expect(leaks).toEqual([]);
  });
});
