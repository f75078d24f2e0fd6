import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { DATASET_FILE, formatProblems, readNdjson, validateWithStudioRules } from './studio-validation.ts';

// Every document of the embedded dataset (published and drafts) must pass the rules editors
// face in the Studio; warnings (e.g. SEO lengths) are reported but allowed.
describe('embedded dataset against the Studio schema', () => {
  test.skipIf(!existsSync(DATASET_FILE))('every document passes the Studio validation', async () => {
    const documents = readNdjson(DATASET_FILE);
    expect(documents.length).toBeGreaterThan(0);
    const problems = await validateWithStudioRules(documents);
    const errors = problems.filter((p) => p.level === 'error');
    const warnings = problems.filter((p) => p.level !== 'error');
    if (warnings.length > 0) console.warn(`Hinweise (nicht blockierend):\n${formatProblems(warnings)}`);
    expect(errors, `Fehler im Datensatz:\n${formatProblems(errors)}`).toEqual([]);
  });
});
