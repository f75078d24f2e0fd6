// A document in a Content Release is validated as the Studio validates it before a release can
// be scheduled: its version (`versions.<release>.<id>`) is the same document as the published
// one, so its own URL slug is not "taken".
import { describe, expect, test } from 'vitest';
import { DATASET_FILE, readNdjson, validateWithStudioRules } from './studio-validation.ts';

const context = readNdjson(DATASET_FILE);

describe('release versions under the Studio rules', () => {
  test('a service\u2019s version keeps its slug; another document with that slug is still refused', async () => {
    const published = context.find((doc) => doc._id === 'service-reisepass-abholen')!;
    const version = { ...published, _id: 'versions.rWeek.service-reisepass-abholen' };
    const copy = { ...published, _id: 'versions.rWeek.service-reisepass-kopie' };
    const own = await validateWithStudioRules([version], [...context, version]);
    expect(own.filter((problem) => problem.path === 'slug')).toEqual([]);
    const other = await validateWithStudioRules([copy], [...context, copy]);
    expect(other.find((problem) => problem.path === 'slug')?.message).toMatch(/„reisepass-abholen“ wird bereits vom Dokument „(drafts\.)?service-reisepass-abholen“/);
  });
});
