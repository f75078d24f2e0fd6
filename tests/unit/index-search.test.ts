import { describe, expect, it } from 'vitest';
import { separateDefinitionLists } from '../../scripts/lib/index-search.ts';

describe('the HTML Pagefind indexes', () => {
  it('separates definition terms and descriptions so their words do not run together', () => {
    expect(separateDefinitionLists('<dl><dt>Gebühren</dt><dd>Kostenlos</dd><dt>Termin:</dt><dd>Nein</dd></dl>')).toBe(
      '<dl><dt>Gebühren: </dt><dd>Kostenlos </dd><dt>Termin:</dt><dd>Nein </dd></dl>',
    );
  });

  it('leaves everything else untouched', () => {
    const html = '<main data-pagefind-body><h1>Reisepass</h1><p>Text</p></main>';
    expect(separateDefinitionLists(html)).toBe(html);
  });
});
