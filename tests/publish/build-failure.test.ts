// The short reason of a failed build for GET /status, from the problems the content layer
// reported (KSP_BUILD_REPORT): documents and fields, without the English fix.
import { describe, expect, it } from 'vitest';
import { contentProblems, contentReason } from '../../server/build-failure.ts';
import type { Problem } from '../../core/content/problem.ts';

function problem(id: string, field: string, text = 'is missing'): Problem {
  return { id, type: 'service', field, problem: text, fix: 'correct the field in the Studio and publish again', code: { kind: 'missing' } };
}

describe('content problems of a failed build', () => {
  it('keeps document, type, field and problem of each reported problem', () => {
    expect(contentProblems([problem('service.reisepass', 'title'), problem('partner.b', 'slug', 'has the wrong type (expected object)')])).toEqual([
      { document: 'service.reisepass', type: 'service', field: 'title', problem: 'is missing' },
      { document: 'partner.b', type: 'service', field: 'slug', problem: 'has the wrong type (expected object)' },
    ]);
  });

  it('keeps at most 20 problems', () => {
    const many = Array.from({ length: 25 }, (_, i) => problem(`service.${i}`, 'title'));
    expect(contentProblems(many)).toHaveLength(20);
  });

  it('writes a short reason with the first three and a count of the rest', () => {
    const problems = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ document: `service.${id}`, type: 'service', field: 'title', problem: 'is missing' }));
    const reason = contentReason(problems);
    expect(reason).toBe(
      'The content breaks the site\'s contract: document "service.a" (service), field "title": is missing; document "service.b" (service), field "title": is missing; document "service.c" (service), field "title": is missing (and 2 more). Correct it in the Studio and publish again.',
    );
  });
});
