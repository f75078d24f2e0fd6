import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DATASET_FILE,
  ROOT,
  formatProblems,
  readNdjson,
  validateWithStudioRules,
  type Doc,
  type Problem,
} from './studio-validation.ts';
import { existsSync } from 'node:fs';

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures', name), 'utf8')) as Doc;

// Broken documents are validated against the embedded dataset (so the duplicate slug and the
// references have something to collide with) and must be reported with id, path and the
// German message an editor sees.
const context = existsSync(DATASET_FILE) ? readNdjson(DATASET_FILE) : [];

function expectProblem(
  problems: Problem[],
  id: string,
  fieldPath: string,
  message: string | RegExp,
  level: Problem['level'] = 'error',
) {
  const hit = problems.find(
    (p) =>
      p.id === id &&
      p.path === fieldPath &&
      p.level === level &&
      (typeof message === 'string' ? p.message.includes(message) : message.test(p.message)),
  );
  expect(
    hit,
    `erwartet: ${id} › ${fieldPath}: ${message}\nerhalten:\n${formatProblems(problems)}`,
  ).toBeTruthy();
}

describe('broken fixtures are reported with _id, field path and German message', () => {
  test('a service without title and provider, with a taken slug and insecure links', async () => {
    const broken = fixture('broken-service.json');
    const problems = await validateWithStudioRules([broken], [...context, broken]);
    expectProblem(problems, 'service-kaputt', 'title', 'Bitte geben Sie einen Titel ein');
    expectProblem(problems, 'service-kaputt', 'provider', 'Bitte wählen Sie den Anbieter aus');
    expectProblem(
      problems,
      'service-kaputt',
      'appointment.howToBook',
      'bitte erklären Sie, wie man ihn bucht',
    );
    expectProblem(problems, 'service-kaputt', 'appointment.bookingUrl', '„https://“');
    expectProblem(problems, 'service-kaputt', 'onlineService.url', '„https://“');
    if (
      context.some(
        (d) => d._type === 'service' && (d.slug as { current?: string })?.current === 'reisepass-abholen',
      )
    ) {
      expectProblem(
        problems,
        'service-kaputt',
        'slug',
        /„reisepass-abholen“ wird bereits vom Dokument „service-reisepass-abholen“/,
      );
    }
    // SEO lengths only warn: editors may still publish.
    expectProblem(problems, 'service-kaputt', 'seo.title', 'länger als 60 Zeichen', 'warning');
    expect(problems.every((p) => p.id === 'service-kaputt')).toBe(true);
  });

  test('a service without slug cannot be published', async () => {
    const broken = { ...fixture('broken-service.json'), _id: 'service.ohne-slug', slug: undefined };
    const problems = await validateWithStudioRules([broken as Doc], [broken as Doc]);
    expectProblem(problems, 'service.ohne-slug', 'slug', 'URL-Kennung');
  });

  test('opening hours that close before they open, overlap or are out of range', async () => {
    const broken = fixture('broken-opening-hours.json');
    const problems = await validateWithStudioRules([broken], [broken]);
    const id = 'openingHours-kaputt';
    expectProblem(problems, id, 'timeZone', 'Europe/Berlin');
    expectProblem(
      problems,
      id,
      'week[_key=="mon"].intervals[_key=="m1"]',
      'Die Schließzeit 09:30 liegt nicht nach der Öffnungszeit 18:00',
    );
    expectProblem(problems, id, 'week[_key=="tue"].intervals', 'überschneiden sich');
    expectProblem(problems, id, 'week[_key=="wed"]', 'als geschlossen markiert, hat aber Zeiträume');
    expectProblem(problems, id, 'week[_key=="thu"].intervals[_key=="h1"].opens', 'HH:MM');
    expectProblem(problems, id, 'specialDays[_key=="x1"].date', 'mehr als 5 Jahre in der Zukunft');
    expectProblem(problems, id, 'specialDays[_key=="x2"]', 'fehlt mindestens ein Zeitraum');
  });
});
