// The short reason of a failed build, read from the build's output. The input is the real message
// of ContentContractError, so a change of its wording fails here instead of silently in /status.
import { describe, expect, it } from 'vitest';
import { contentReason, createProblemCollector, parseContentProblem } from '../../scripts/lib/build-failure.ts';
import { ContentContractError, type ContractProblem } from '../../src/lib/content/errors.ts';

function problem(id: string, field: string, text = 'is missing'): ContractProblem {
  return { id, type: 'service', field, problem: text, fix: 'correct the field in the Studio and publish again' };
}

describe('content problems in the build output', () => {
  it('reads document, type, field and problem from the content contract\'s message', () => {
    const [line] = new ContentContractError([problem('service.reisepass', 'title')]).message.split('\n').slice(1);
    expect(parseContentProblem(line)).toEqual({ document: 'service.reisepass', type: 'service', field: 'title', problem: 'is missing' });
    expect(parseContentProblem('    at parseAll (file:///srv/ksp/app/chunks/content.mjs:1829:33)')).toBeUndefined();
  });

  it('collects problems across output chunks, once each, beside stack traces', () => {
    const message = new ContentContractError([problem('service.a', 'title'), problem('partner.b', 'slug', 'has the wrong type (expected object)')]).message;
    const output = `12:00:00 [build] generating static routes\n${message}\n  Stack trace:\n    at parseAll (file:///srv/ksp/app/x.mjs:1:1)\n${message}\n`;
    const collector = createProblemCollector();
    // Cut the output mid-line, as a pipe does.
    for (let i = 0; i < output.length; i += 37) collector.push(output.slice(i, i + 37));
    expect(collector.problems.map((p) => `${p.document} ${p.field}`)).toEqual(['service.a title', 'partner.b slug']);
    expect(collector.total).toBe(2);
  });

  it('writes a short reason with the first three and a count of the rest', () => {
    const problems = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ document: `service.${id}`, type: 'service', field: 'title', problem: 'is missing' }));
    const reason = contentReason(problems);
    expect(reason).toBe(
      'The content breaks the site\'s contract: document "service.a" (service), field "title": is missing; document "service.b" (service), field "title": is missing; document "service.c" (service), field "title": is missing (and 2 more). Correct it in the Studio and publish again.',
    );
  });
});
