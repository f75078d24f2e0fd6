// One visit per page of the built site in a real headless Chromium, recording everything the
// quality gates judge: every request, console errors and uncaught exceptions, CSP violations,
// cookies and web storage, axe-core's WCAG 2.x A/AA result, and horizontal overflow at 320 px
// width and at 200 % zoom. The browser tests assert on these records, so each page is loaded once.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Desktop viewport for the visit; reflow is then checked at the sizes below. */
export const DESKTOP = { width: 1280, height: 800 };
/**
 * WCAG 1.4.10 Reflow: content at 320 CSS px width without horizontal scrolling. 200 % zoom of a
 * 1280 × 800 window lays out like a 640 × 400 CSS px viewport.
 */
export const REFLOW_SIZES = [
  { name: '320 px', width: 320, height: 640 },
  { name: '200 % zoom', width: 640, height: 400 },
] as const;

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  helpUrl: string;
  targets: string[];
  html: string[];
  /** Set when found in the phone layout (320 px) rather than at desktop width. */
  width?: string;
}

export interface PageVisit {
  path: string;
  status: number | undefined;
  /** Every request the page made, in order (data: and blob: URLs left out: they are not requests). */
  requests: { url: string; type: string }[];
  /** Successful same-origin responses, for the byte budgets. */
  loaded: { path: string; type: string; status: number }[];
  failed: string[];
  consoleErrors: string[];
  cspViolations: string[];
  cookies: string[];
  localStorage: string[];
  sessionStorage: string[];
  axe: AxeViolation[];
  overflow: { size: string; scrollWidth: number; clientWidth: number; widest?: string }[];
}

async function runAxeOn(page: Page): Promise<AxeViolation[]> {
  // Only violations are needed; skipping the details of passes and incompletes halves the time.
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).options({ resultTypes: ['violations'] }).analyze();
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.join(' ')),
    html: violation.nodes.map((node) => node.html.slice(0, 200)),
  }));
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

export interface CrawlOptions {
  browser: Browser;
  /** Local origin serving the site with production headers. */
  origin: string;
  paths: string[];
  /** Pages in parallel; two cores are shared with the other test files. */
  concurrency?: number;
  axe?: boolean;
  /** Pages that axe checks a second time at 320 px width (phone layouts differ). */
  phoneAxePaths?: ReadonlySet<string>;
}

export async function crawl({ browser, origin, paths, concurrency = 3, axe = true, phoneAxePaths = new Set() }: CrawlOptions): Promise<PageVisit[]> {
  const results = new Array<PageVisit>(paths.length);
  let next = 0;
  // A few tabs, each visiting page after page: reusing a tab keeps its renderer, whose V8 caches
  // the compiled axe-core source, which halves the time per page.
  await Promise.all(
    Array.from({ length: Math.min(concurrency, paths.length) }, async () => {
      const tab = await openTab(browser, origin);
      try {
        while (next < paths.length) {
          const index = next++;
          try {
            results[index] = await tab.visit(paths[index]!, axe, axe && phoneAxePaths.has(paths[index]!));
          } catch (error) {
            // A page that hangs or crashes is a finding for this page, not the end of the crawl.
            results[index] = { ...emptyRecord(paths[index]!), failed: [`visit failed: ${(error as Error).message.split('\n')[0]}`] };
          }
        }
      } finally {
        await tab.close();
      }
    }),
  );
  return results;
}

const emptyRecord = (pagePath: string): PageVisit => ({
  path: pagePath,
  status: undefined,
  requests: [],
  loaded: [],
  failed: [],
  consoleErrors: [],
  cspViolations: [],
  cookies: [],
  localStorage: [],
  sessionStorage: [],
  axe: [],
  overflow: [],
});

async function openTab(browser: Browser, origin: string) {
  let record = emptyRecord('');
  const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
  // Nothing may leave the site; if something tries, it is recorded (below) and never sent.
  // (Routing also turns off the HTTP cache, so every page's byte count starts from nothing.)
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations!.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile || 'document'}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  let inFlight = 0;
  page.on('requestfinished', () => inFlight--);
  page.on('request', (request) => {
    inFlight++;
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:')) record.requests.push({ url, type: request.resourceType() });
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === origin && response.status() < 400) record.loaded.push({ path: url.pathname, type: response.request().resourceType(), status: response.status() });
  });
  page.on('requestfailed', (request) => {
    inFlight--;
    if (new URL(request.url()).origin === origin) record.failed.push(`${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports CSP refusals on the console: "Refused to …" in older versions,
    // "… violates the following Content Security Policy directive …" in newer ones.
    if (/Refused to|Content Security Policy/.test(message.text())) record.cspViolations.push(message.text());
    else record.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => record.consoleErrors.push(`uncaught: ${error.message}`));

  /** Reads what the page stored, then wipes it, so the next page starts clean. */
  const collectStorage = async () => {
    const storage = await page.evaluate(() => {
      const keys = { local: Object.keys(localStorage), session: Object.keys(sessionStorage) };
      localStorage.clear();
      sessionStorage.clear();
      return keys;
    });
    record.localStorage = [...new Set([...record.localStorage, ...storage.local])];
    record.sessionStorage = [...new Set([...record.sessionStorage, ...storage.session])];
    record.cookies = [...new Set([...record.cookies, ...(await context.cookies()).map((cookie) => `${cookie.name} (${cookie.domain})`)])];
    await context.clearCookies();
  };

  const visit = async (pagePath: string, runAxe: boolean, runPhoneAxe: boolean): Promise<PageVisit> => {
    record = emptyRecord(pagePath);
    inFlight = 0;
    await page.setViewportSize(DESKTOP);
    const response = await page.goto(`${origin}${pagePath}`, { waitUntil: 'load', timeout: 30_000 });
    record.status = response?.status();
    // Settled: no request in flight for 100 ms (Playwright's networkidle waits 500 ms per page).
    for (let quiet = 0, waited = 0; quiet < 100 && waited < 5_000; waited += 25) {
      await page.waitForTimeout(25);
      quiet = inFlight <= 0 ? quiet + 25 : 0;
    }

    record.cspViolations.push(...(await page.evaluate(() => window.__cspViolations ?? [])));

    if (runAxe) record.axe = await runAxeOn(page);

    for (const size of REFLOW_SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const measured = await page.evaluate(() => {
        const scroller = document.scrollingElement ?? document.documentElement;
        const { scrollWidth, clientWidth } = scroller;
        let widest: string | undefined;
        if (scrollWidth > clientWidth) {
          // Name what sticks out furthest (an element, or text such as a long word or URL that
          // overflows its box), so the report says what to fix.
          const describe = (element: Element) => {
            const id = element.id ? `#${element.id}` : '';
            const cls = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
            return `${element.tagName.toLowerCase()}${id}${cls}`;
          };
          let right = clientWidth;
          for (const element of document.body.querySelectorAll('*')) {
            const box = element.getBoundingClientRect();
            if (box.right > right + 0.5) {
              right = box.right;
              widest = `${describe(element)} (right edge ${Math.round(box.right)} px)`;
            }
          }
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            range.selectNodeContents(node);
            const box = range.getBoundingClientRect();
            if (box.right > right + 0.5) {
              right = box.right;
              widest = `text "${node.textContent!.trim().slice(0, 60)}" in ${describe(node.parentElement!)} (right edge ${Math.round(box.right)} px)`;
            }
          }
        }
        return { scrollWidth, clientWidth, widest };
      });
      record.overflow.push({ size: size.name, ...measured });
      if (runPhoneAxe && size.width === 320) record.axe.push(...(await runAxeOn(page)).map((violation) => ({ ...violation, width: '320 px' })));
    }
    // Storage and cookies after everything ran: after load, axe and the resizes.
    await collectStorage();
    return record;
  };

  return { visit, close: () => context.close() };
}
