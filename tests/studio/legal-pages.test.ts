// Imprint, privacy statement and accessibility statement are linked from the footer of every page
// and required by law: they cannot end by "Sichtbar bis" (the Studio refuses to publish it).
import { describe, expect, it } from 'vitest';
import { DATASET_FILE, readNdjson, validateWithStudioRules } from './studio-validation.ts';

const FUTURE = '2099-01-01T09:00:00.000Z';

describe('"Sichtbar bis" on legal pages', () => {
  it('is an error on imprint, privacy and accessibility pages and allowed on the others', async () => {
    const documents = readNdjson(DATASET_FILE);
    const pages = documents.filter((doc) => doc._type === 'page' && !doc._id.startsWith('drafts.')).map((doc) => ({ ...doc, visibleUntil: FUTURE }));
    const context = [...documents.filter((doc) => !pages.some((page) => page._id === doc._id)), ...pages];
    const problems = await validateWithStudioRules(pages, context);
    const errors = problems.filter((problem) => problem.level === 'error' && problem.path === 'visibleUntil');
    expect(errors.map((error) => error.id).sort()).toEqual(['page-barrierefreiheit', 'page-datenschutz', 'page-impressum']);
    expect(errors.find((error) => error.id === 'page-impressum')?.message).toBe(
      'Eine Seite vom Typ „Impressum“ muss immer auf der Website erreichbar sein (Pflichtangabe, im Fußbereich jeder Seite verlinkt). Bitte „Sichtbar bis“ leeren.',
    );
  }, 120_000);
});
