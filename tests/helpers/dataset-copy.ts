// A private copy of the embedded dataset for build tests (KSP_CONTENT_FILE), with its images
// linked, and edits of single documents in it.
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './build.ts';

export type Doc = Record<string, unknown>;

/** A new temporary directory with content/dataset.ndjson copied and content/images linked. */
export async function copyDataset(prefix: string): Promise<{ work: string; contentFile: string }> {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  const contentFile = path.join(work, 'content', 'dataset.ndjson');
  await mkdir(path.dirname(contentFile));
  await cp(path.join(root, 'content', 'dataset.ndjson'), contentFile);
  await symlink(path.join(root, 'content', 'images'), path.join(work, 'content', 'images'));
  return { work, contentFile };
}

/** Changes document `id` in the NDJSON file in place. */
export async function editDocument(contentFile: string, id: string, change: (doc: Doc) => void): Promise<void> {
  const lines = (await readFile(contentFile, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(`"_id":"${id}"`));
  const doc = JSON.parse(lines[index]!) as Doc;
  change(doc);
  lines[index] = JSON.stringify(doc);
  await writeFile(contentFile, lines.join('\n'));
}

/**
 * Appends a word to the document's German body text (a body word changes only the pages that
 * show the body; a title word would change every page's search words).
 */
export const appendToBody = (word: string) => (doc: Doc) => {
  const span = (doc.body as { de: { children?: { text?: string }[] }[] }).de.find((block) => block.children?.[0]?.text !== undefined)!.children![0]!;
  span.text = `${span.text} ${word}`;
};
