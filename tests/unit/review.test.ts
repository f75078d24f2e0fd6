// Review dates with owners (core/review/): dates in Kassel, what is due, the digest per owner, the
// weekly schedule and the memory that keeps it from sending twice, and the settings.
import { describe, expect, it } from 'vitest';
import { addMonths, berlinDate, describeDue, formatGermanDate, formatGermanDateTime } from '../../core/review/dates.ts';
import { buildDigests, studioDocumentUrl, type DigestMail } from '../../core/review/digest.ts';
import { dueState, groupByOwner } from '../../core/review/due.ts';
import { readReviewMailSettings } from '../../core/review/env.ts';
import { isReviewEmail, parseReviewItems, type ReviewItem } from '../../core/review/model.ts';
import { emptyState, MAX_ATTEMPTS, runOnRequest, runWeekly, type ReviewMailState, type RunDeps } from '../../core/review/run.ts';
import { isoWeekKey, weeklySlot } from '../../core/review/schedule.ts';
import { reviewQueryUrl } from '../../core/review/source.ts';
import { createLogger, secretsIn } from '../../core/publish/log.ts';

const TEAM_A = { name: 'Team Bürgerbüro', email: 'buergerbuero@example.org' };
const TEAM_B = { name: 'Team Stadtreiniger', email: 'stadtreiniger@example.org' };
const items: ReviewItem[] = [
  { _id: 'service-sperrmuell-anmelden', _type: 'service', title: 'Sperrmüll anmelden', owner: TEAM_B, nextReview: '2026-11-27' },
  { _id: 'service-bewohnerparkausweis-beantragen', _type: 'service', title: 'Bewohnerparkausweis beantragen', owner: TEAM_A, nextReview: '2026-12-14' },
  { _id: 'page-anfahrt', _type: 'page', title: 'Anfahrt', owner: { name: 'Team Bürgerbüro', email: 'BUERGERBUERO@example.org' }, nextReview: '2026-12-06' },
  { _id: 'partner-kvg', _type: 'partner', title: 'KVG', owner: null, nextReview: '2026-12-30' },
  { _id: 'service-later', _type: 'service', title: 'Später', owner: TEAM_A, nextReview: '2027-03-01' },
];

describe('dates in Kassel', () => {
  it('takes the calendar date in Kassel, not in UTC', () => {
    expect(berlinDate(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(berlinDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(berlinDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('moves a date by months, keeping the day where the month has it', () => {
    expect(addMonths('2026-12-06', 12)).toBe('2027-12-06');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('writes dates and their distance in German', () => {
    expect(formatGermanDate('2026-12-06')).toBe('06.12.2026');
    expect(formatGermanDateTime('2026-12-07T06:00:00Z')).toBe('07.12.2026, 07:00 Uhr');
    expect(describeDue('2026-11-27', '2026-12-06')).toBe('seit 9 Tagen überfällig');
    expect(describeDue('2026-12-05', '2026-12-06')).toBe('seit 1 Tag überfällig');
    expect(describeDue('2026-12-06', '2026-12-06')).toBe('heute fällig');
    expect(describeDue('2026-12-07', '2026-12-06')).toBe('in 1 Tag fällig');
    expect(describeDue('2026-12-20', '2026-12-06')).toBe('in 14 Tagen fällig');
  });
});

describe('what is due', () => {
  it('counts the past as overdue and the next 30 days as due', () => {
    expect(dueState('2026-12-05', '2026-12-06')).toBe('overdue');
    expect(dueState('2026-12-06', '2026-12-06')).toBe('due');
    expect(dueState('2027-01-05', '2026-12-06')).toBe('due');
    expect(dueState('2027-01-06', '2026-12-06')).toBeUndefined();
    expect(dueState(undefined, '2026-12-06')).toBeUndefined();
    expect(dueState('morgen', '2026-12-06')).toBeUndefined();
  });

  it('groups due items by owner address whatever its case, owners by name, the unowned last', () => {
    const groups = groupByOwner(items, '2026-12-06');
    expect(groups.map((group) => group.key)).toEqual(['buergerbuero@example.org', 'stadtreiniger@example.org', '']);
    expect(groups[0]!.items.map((item) => item._id)).toEqual(['page-anfahrt', 'service-bewohnerparkausweis-beantragen']);
    expect(groups.flatMap((group) => group.items.map((item) => item._id))).not.toContain('service-later');
  });

  it('keeps only well-formed rows of the query and only single plain addresses', () => {
    const parsed = parseReviewItems([
      { _id: 'a', _type: 'service', title: 'A', owner: { name: 'X', email: 'x@example.org' }, nextReview: '2026-12-01' },
      { _id: 'b', _type: 'service', title: 'B', owner: { name: 'Y', email: 'y@example.org, z@example.org' }, nextReview: '2026-12-01' },
      { _id: 'c', _type: 'event', title: 'C', owner: null, nextReview: '2026-12-01' },
      { _id: 'd', _type: 'page', title: 'D', owner: null, nextReview: '1.12.2026' },
    ]);
    expect(parsed.map((item) => [item._id, item.owner?.email ?? null])).toEqual([
      ['a', 'x@example.org'],
      ['b', null],
    ]);
    for (const bad of ['a@b', 'a b@example.org', 'a@example.org\nBcc: c@example.org', 'Name <a@example.org>', 'a@example.org;b@example.org']) expect(isReviewEmail(bad), bad).toBe(false);
    expect(isReviewEmail('ksp-redaktion@example.org')).toBe(true);
  });
});

describe('the digest', () => {
  const mails = buildDigests(items, { today: '2026-12-06', studioUrl: 'https://studio.example.org/' });

  it('writes one mail per owner with only their due items, and none for items without owner', () => {
    expect(mails.map((mail) => mail.to.email)).toEqual(['buergerbuero@example.org', 'stadtreiniger@example.org']);
    expect(mails[0]!.ids).toEqual(['page-anfahrt', 'service-bewohnerparkausweis-beantragen']);
    expect(mails[1]!.ids).toEqual(['service-sperrmuell-anmelden']);
    expect(mails.flatMap((mail) => mail.ids)).not.toContain('partner-kvg');
  });

  it('says in German what is due, with an intent link into the Studio per document', () => {
    const [, reiniger] = mails as [DigestMail, DigestMail];
    expect(reiniger.subject).toBe('KSP-Website: 1 Inhalt zu prüfen (1 überfällig)');
    expect(reiniger.text).toContain('Guten Tag Team Stadtreiniger,');
    expect(reiniger.text).toContain('Überfällig\n- Dienstleistung „Sperrmüll anmelden“: Prüfung am 27.11.2026, seit 9 Tagen überfällig\n  https://studio.example.org/intent/edit/id=service-sperrmuell-anmelden;type=service/');
    expect(reiniger.text).toContain('„Geprüft – weiter in 12 Monaten“');
    expect(mails[0]!.subject).toBe('KSP-Website: 2 Inhalte zu prüfen');
    expect(mails[0]!.text).toContain('In den nächsten 30 Tagen fällig\n- Seite „Anfahrt“: Prüfung am 06.12.2026, heute fällig');
  });

  it('keeps an editor-typed title on its line', () => {
    const [mail] = buildDigests([{ ...items[0]!, title: 'Sperrmüll\nBcc: x@example.org' }], { today: '2026-12-06', studioUrl: 'https://s.example.org' });
    expect(mail!.text).toContain('„Sperrmüll Bcc: x@example.org“');
    expect(studioDocumentUrl('https://s.example.org', { _id: 'a;b/c', _type: 'page' })).toBe('https://s.example.org/intent/edit/id=a%3Bb%2Fc;type=page/');
  });
});

describe('the weekly schedule', () => {
  it('names ISO weeks, across the turn of the year too', () => {
    expect(isoWeekKey('2026-12-07')).toBe('2026-W50');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
  });

  it('is due from Monday 07:00 in Kassel until the end of the week', () => {
    expect(weeklySlot(new Date('2026-12-07T05:59:00Z'))).toEqual({ week: '2026-W50', due: false });
    expect(weeklySlot(new Date('2026-12-07T06:00:00Z'))).toEqual({ week: '2026-W50', due: true });
    expect(weeklySlot(new Date('2026-12-13T22:59:00Z'))).toEqual({ week: '2026-W50', due: true });
    expect(weeklySlot(new Date('2026-12-13T23:00:00Z'))).toEqual({ week: '2026-W51', due: false });
    // Summer time: 07:00 in Kassel is 05:00 UTC.
    expect(weeklySlot(new Date('2027-06-07T05:00:00Z')).due).toBe(true);
  });
});

function harness(options: { now: string; failFor?: Set<string>; crashAfterClaim?: boolean }) {
  let saved: ReviewMailState = emptyState();
  const sent: DigestMail[] = [];
  const log: Record<string, unknown>[] = [];
  let now = new Date(options.now);
  const deps: RunDeps = {
    state: { load: async () => structuredClone(saved), save: async (state) => void (saved = structuredClone(state)) },
    fetchItems: async (until) => items.filter((item) => item.nextReview <= until),
    send: async (mail) => {
      if (options.crashAfterClaim) throw Object.assign(new Error('process killed'), { crash: true });
      if (options.failFor?.has(mail.to.email)) throw new Error('421 try again later');
      sent.push(mail);
    },
    studioUrl: 'https://studio.example.org',
    now: () => now,
    log: (event) => void log.push(event),
  };
  return { deps, sent, log, state: () => saved, setNow: (iso: string) => (now = new Date(iso)), setState: (state: ReviewMailState) => (saved = state) };
}

describe('sending', () => {
  it('sends the weekly digest once per week, however often it is asked, and again the next week', async () => {
    const run = harness({ now: '2026-12-07T06:30:00Z' });
    expect((await runWeekly(run.deps))?.sent).toBe(2);
    expect(await runWeekly(run.deps)).toBeUndefined();
    run.setNow('2026-12-10T12:00:00Z');
    expect(await runWeekly(run.deps)).toBeUndefined();
    expect(run.sent).toHaveLength(2);
    run.setNow('2026-12-14T06:01:00Z');
    expect((await runWeekly(run.deps))?.sent).toBeGreaterThan(0);
    expect(run.state().week).toBe('2026-W51');
  });

  it('sends nothing before Monday 07:00', async () => {
    const run = harness({ now: '2026-12-07T05:00:00Z' });
    expect(await runWeekly(run.deps)).toBeUndefined();
    expect(run.sent).toEqual([]);
  });

  it('never sends an owner twice when a run stopped between claiming and sending (restart)', async () => {
    const run = harness({ now: '2026-12-07T06:30:00Z' });
    // A run that was killed after claiming the first owner: the state says "sending".
    run.setState({ ...emptyState(), week: '2026-W50', recipients: { 'buergerbuero@example.org': 'sending' }, attempts: { 'buergerbuero@example.org': 1 } });
    const summary = await runWeekly(run.deps);
    expect(summary?.sent).toBe(1);
    expect(run.sent.map((mail) => mail.to.email)).toEqual(['stadtreiniger@example.org']);
  });

  it('tries a refused hand-over again at the next check, up to the attempt limit, without resending the others', async () => {
    const run = harness({ now: '2026-12-07T06:30:00Z', failFor: new Set(['stadtreiniger@example.org']) });
    for (let check = 0; check < MAX_ATTEMPTS + 2; check += 1) await runWeekly(run.deps);
    expect(run.sent.map((mail) => mail.to.email)).toEqual(['buergerbuero@example.org']);
    expect(run.state().attempts['stadtreiniger@example.org']).toBe(MAX_ATTEMPTS);
    expect(run.state().complete).toBe(true);
    expect(run.log.filter((event) => event.event === 'review-mail-failed')).toHaveLength(MAX_ATTEMPTS);
  });

  it('sends on request at once, then refuses further requests for ten minutes', async () => {
    const run = harness({ now: '2026-12-08T10:00:00Z' });
    expect(await runOnRequest(run.deps)).toMatchObject({ status: 'sent', summary: { kind: 'request', sent: 2, withoutOwner: 1 } });
    run.setNow('2026-12-08T10:09:00Z');
    expect(await runOnRequest(run.deps)).toEqual({ status: 'cooldown', retryAt: '2026-12-08T10:10:00.000Z' });
    run.setNow('2026-12-08T10:10:00Z');
    expect((await runOnRequest(run.deps)).status).toBe('sent');
    expect(run.sent).toHaveLength(4);
    // A request does not count as the week's digest.
    expect(run.state().week).toBeUndefined();
  });
});

describe('settings', () => {
  const sanity = { SANITY_PROJECT_ID: 'abc123de', SANITY_DATASET: 'production' };

  it('is off without SMTP_URL and names what to set', () => {
    expect(readReviewMailSettings({ ...sanity })).toEqual({ ok: false, state: 'off', reason: expect.stringContaining('set SMTP_URL') as unknown });
  });

  it('refuses bad values with the variable, never echoing the password', () => {
    const bad = readReviewMailSettings({ ...sanity, SMTP_URL: 'http://user:geheim-passwort@mail.example.org', REVIEW_MAIL_FROM: 'a@example.org' });
    expect(bad).toMatchObject({ ok: false, state: 'failed' });
    expect(JSON.stringify(bad)).not.toContain('geheim-passwort');
    expect(readReviewMailSettings({ ...sanity, SMTP_URL: 'smtp://u:p@mail.example.org:587' })).toMatchObject({ ok: false, reason: expect.stringContaining('REVIEW_MAIL_FROM is missing') as unknown });
    expect(readReviewMailSettings({ ...sanity, SMTP_URL: 'smtp://u:p@mail.example.org:587', REVIEW_MAIL_FROM: 'a@example.org, b@example.org' })).toMatchObject({ ok: false, reason: expect.stringContaining('REVIEW_MAIL_FROM') as unknown });
    expect(readReviewMailSettings({ SMTP_URL: 'smtp://u:p@mail.example.org:587', REVIEW_MAIL_FROM: 'a@example.org' })).toMatchObject({ ok: false, reason: expect.stringContaining('SANITY_PROJECT_ID') as unknown });
    expect(readReviewMailSettings({ ...sanity, SMTP_URL: 'smtp://u:p@mail.example.org:587', REVIEW_MAIL_FROM: 'KSP-Redaktion <redaktion@example.org>' })).toMatchObject({ ok: true, config: { from: 'KSP-Redaktion <redaktion@example.org>' } });
  });

  it('blanks SMTP_URL and its password from the log', () => {
    const lines: string[] = [];
    const log = createLogger(secretsIn({ SMTP_URL: 'smtp://ksp:p%40ss-w0rd@mail.example.org:587' }), (line) => void lines.push(line));
    log({ event: 'x', detail: 'Invalid login for p@ss-w0rd at smtp://ksp:p%40ss-w0rd@mail.example.org:587' });
    expect(lines[0]).not.toContain('ss-w0rd');
  });

  it('reads the due items from the published perspective of the project, or the API host as given', () => {
    const url = reviewQueryUrl({ projectId: 'abc123de', dataset: 'production', apiVersion: '2025-02-19' }, '2027-01-05');
    expect(url.origin).toBe('https://abc123de.api.sanity.io');
    expect(url.pathname).toBe('/v2025-02-19/data/query/production');
    expect(url.searchParams.get('perspective')).toBe('published');
    expect(url.searchParams.get('$until')).toBe('"2027-01-05"');
    expect(reviewQueryUrl({ projectId: 'ksp-local', dataset: 'production', apiVersion: '2025-02-19', apiHost: 'http://127.0.0.1:3333' }, '2027-01-05').origin).toBe('http://127.0.0.1:3333');
  });
});
