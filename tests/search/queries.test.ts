// The citizen query table (query-table.ts) through the real search page and Pagefind's JS API
// in headless Chromium against the built site.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { queryTable } from './query-table.ts';
import { searchVia, serveWithHeaders } from './site.ts';

let browser: Browser;
let page: Page;
let site: Awaited<ReturnType<typeof serveWithHeaders>>;
const ranks: string[] = [];

beforeAll(async () => {
  site = await serveWithHeaders();
  browser = await launchBrowser();
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  console.log(`\n| query | lang | expected page | rank |\n|---|---|---|---|\n${ranks.join('\n')}\n`);
  await browser?.close();
  await site?.close();
});

describe('citizen queries find the right page', () => {
  it.each(queryTable)('$locale "$query" → $expected', async ({ locale, query, expected, first }) => {
    const urls = await searchVia(page, site.url, locale, query);
    const rank = urls.indexOf(expected) + 1;
    ranks.push(`| ${query} | ${locale} | ${expected} | ${rank || '–'} |`);
    expect(rank, `results: ${urls.slice(0, 5).join(', ')}`).toBeGreaterThan(0);
    expect(rank).toBeLessThanOrEqual(first ? 1 : 3);
  });

  it('most queries put the expected page first', () => {
    const firsts = ranks.filter((row) => row.endsWith('| 1 |')).length;
    expect(firsts / queryTable.length).toBeGreaterThanOrEqual(0.8);
  });
});
