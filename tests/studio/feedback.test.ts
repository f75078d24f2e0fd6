// The Studio's side of page feedback: its queries (run on groq-js, Sanity's own engine), the
// Ja/Nein counting, the badge text, the German option lists matching the site's values, and
// that editors can neither create nor copy feedback but see it on every content type with pages.
import { evaluate, parse } from 'groq-js';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, STATUSES } from '../../core/feedback/model.ts';
import { CONTENT_TYPES } from '../../core/registry.ts';
import { countByPage, DOCUMENT_FEEDBACK_QUERY, feedbackKind, newFeedbackLabel, RATINGS_QUERY, type FeedbackItem } from '../../studio/components/feedback/queries.ts';
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, FEEDBACK_TARGET_TYPES } from '../../studio/schemaTypes/constants.ts';

const feedback = (n: number, fields: Record<string, unknown>) => ({
  _id: `feedback.${String(n).padStart(32, '0')}`,
  _type: 'feedback',
  createdAt: `2026-11-${String(n).padStart(2, '0')}T10:00:00Z`,
  status: 'neu',
  page: '/oeffnungszeiten/',
  language: 'de',
  ...fields,
});

const dataset = [
  feedback(1, { helpful: true, document: { _type: 'reference', _ref: 'openingHours', _weak: true } }),
  feedback(3, { helpful: false, status: 'erledigt', document: { _type: 'reference', _ref: 'openingHours', _weak: true } }),
  feedback(2, { category: 'barriere', problem: 'Kontrast zu gering', document: { _type: 'reference', _ref: 'openingHours', _weak: true } }),
  feedback(4, { helpful: false, page: '/dienstleistungen/reisepass/', document: { _type: 'reference', _ref: 'service.reisepass', _weak: true } }),
  feedback(5, { helpful: false, page: '/dienstleistungen/reisepass/' }),
  { _id: 'openingHours', _type: 'openingHours' },
];

async function run(query: string, params: Record<string, unknown> = {}) {
  return (await evaluate(parse(query, { params }), { dataset, params })).get();
}

describe('Studio feedback views', () => {
  it("a document's feedback: only its own, newest first", async () => {
    const items = (await run(DOCUMENT_FEEDBACK_QUERY, { id: 'openingHours' })) as FeedbackItem[];
    expect(items.map((item) => item._id.slice(-1))).toEqual(['3', '2', '1']);
    expect(newFeedbackLabel(items)).toBe('2 neue Rückmeldungen');
    expect(newFeedbackLabel(items.slice(1, 2))).toBe('1 neue Rückmeldung');
    expect(newFeedbackLabel([items[0]!])).toBeUndefined();
  });

  it('Ja/Nein per page, the most "Nein" first', async () => {
    const ratings = (await run(RATINGS_QUERY)) as { page: string; helpful: boolean }[];
    expect(countByPage(ratings)).toEqual([
      { page: '/dienstleistungen/reisepass/', yes: 0, no: 2 },
      { page: '/oeffnungszeiten/', yes: 1, no: 1 },
    ]);
  });

  it('names each kind of feedback in German', () => {
    expect([feedbackKind({ helpful: true }), feedbackKind({ helpful: false }), feedbackKind({ category: 'barriere' }), feedbackKind({})]).toEqual([
      'Hilfreich: Ja',
      'Hilfreich: Nein',
      'Barriere',
      'Meldung',
    ]);
  });

  it("offers the site's statuses and categories, with German titles", () => {
    expect(FEEDBACK_STATUSES.map(({ value }) => value)).toEqual([...STATUSES]);
    expect(FEEDBACK_STATUSES.map(({ title }) => title)).toEqual(['Neu', 'In Bearbeitung', 'Erledigt']);
    expect(FEEDBACK_CATEGORIES.map(({ value }) => value)).toEqual([...CATEGORIES]);
    expect(FEEDBACK_CATEGORIES.map(({ title }) => title)).toEqual(['Fehler', 'Barriere', 'Sonstiges', 'Suche ohne Treffer']);
  });

  it('shows feedback on every content type that has pages with the form', () => {
    const withPages = Object.entries(CONTENT_TYPES).flatMap(([name, entry]) => ('pages' in entry ? [name] : []));
    expect([...FEEDBACK_TARGET_TYPES].sort()).toEqual(withPages.sort());
  });
});

describe('Studio config for feedback', async () => {
  const config = (await import('../../studio/sanity.config.ts')).default as any;

  it('editors cannot create feedback, only the website does', () => {
    const templates = [{ id: 'service', schemaType: 'service' }, { id: 'feedback', schemaType: 'feedback' }];
    expect(config.schema.templates(templates).map((t: any) => t.schemaType)).toEqual(['service']);
    expect(config.document.newDocumentOptions([{ templateId: 'service' }, { templateId: 'feedback' }], {}).map((o: any) => o.templateId)).toEqual(['service']);
  });

  it('feedback can be deleted (personal data), not duplicated or published', () => {
    const actions = ['publish', 'duplicate', 'delete', 'unpublish'].map((action) => ({ action }));
    expect(config.document.actions(actions, { schemaType: 'feedback' }).map((a: any) => a.action)).toEqual(['delete']);
  });

  it('content types with pages get the "neue Rückmeldungen" badge, others not', () => {
    expect(config.document.badges([], { schemaType: 'service' })).toHaveLength(1);
    expect(config.document.badges([], { schemaType: 'page' })).toHaveLength(1);
    expect(config.document.badges([], { schemaType: 'siteSettings' })).toHaveLength(0);
    expect(config.document.badges([], { schemaType: 'feedback' })).toHaveLength(0);
  });
});
