// The review reminder mails of the publish server (issue 27), against a local SMTP server
// (smtp-server on 127.0.0.1, mails read back with mailparser) and the local Content Lake: one
// digest per owner with only their due items and Studio links; the weekly digest is sent once per
// week across restarts; "Erinnerungen jetzt senden" arrives through the signed webhook only, with
// a cooldown; GET /api/review-mail tells the Studio whether mail is on, without addresses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, berlinDate } from '../../core/review/dates.ts';
import { weeklySlot } from '../../core/review/schedule.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { sendWebhook, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const STUDIO = 'http://localhost:3333';
const today = berlinDate(new Date());
const owner = (name: string, email: string) => ({ _type: 'reviewOwner', name, email });
const DOCUMENTS = [
  { _id: 'service-sperrmuell-anmelden', _type: 'service', title: { de: 'Sperrmüll anmelden' }, reviewOwner: owner('Team Stadtreiniger', 'stadtreiniger@example.org'), nextReview: addDays(today, -9) },
  { _id: 'service-reisepass-abholen', _type: 'service', title: { de: 'Reisepass abholen' }, reviewOwner: owner('Team Bürgerbüro', 'buergerbuero@example.org'), nextReview: addDays(today, 10) },
  { _id: 'page-anfahrt', _type: 'page', title: { de: 'Anfahrt' }, reviewOwner: owner('Team Bürgerbüro', 'buergerbuero@example.org'), nextReview: addDays(today, 200) },
  { _id: 'partner-kvg', _type: 'partner', name: 'KVG', nextReview: addDays(today, -1) },
  // Only a draft is due: the site does not show it, so nobody is reminded of it.
  { _id: 'drafts.page-anfahrt', _type: 'page', title: { de: 'Anfahrt' }, reviewOwner: owner('Team Bürgerbüro', 'buergerbuero@example.org'), nextReview: addDays(today, -5) },
];

interface Received {
  to: string;
  from: string;
  subject: string;
  text: string;
}

let work: string;
let lake: RecordingLake;
let smtp: SMTPServer;
let smtpPort: number;
const received: Received[] = [];
let logins = 0;

function serverEnv(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLISH_BUILD_COMMAND: stubBuildCommand,
    KSP_STATE_DIR: stateDir,
    SANITY_PROJECT_ID: lake.projectId,
    SANITY_DATASET: lake.dataset,
    SANITY_API_HOST: lake.apiHost,
    STUDIO_ORIGIN: STUDIO,
    SMTP_URL: `smtp://ksp-mailer:s3cret-smtp-pass@127.0.0.1:${smtpPort}`,
    REVIEW_MAIL_FROM: 'KSP-Redaktion <redaktion@example.org>',
    ...extra,
  };
}

const requestDoc = (rev: string) => ({ _id: 'ksp-reviewDigestRequest', _type: 'reviewDigestRequest', _rev: rev, operation: 'update' });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-review-mail-'));
  lake = await startRecordingLake({ documents: DOCUMENTS });
  smtp = new SMTPServer({
    // Plain SMTP on loopback, as a relay inside the city's network would be; nodemailer logs in.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      logins += 1;
      if (auth.username === 'ksp-mailer' && auth.password === 's3cret-smtp-pass') callback(null, { user: 'ksp-mailer' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({ to: to?.value[0]?.address ?? '', from: `${mail.from?.value[0]?.name ?? ''} <${mail.from?.value[0]?.address ?? ''}>`, subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await lake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function mailStatus(server: RunningServer, origin?: string) {
  const response = await fetch(`${server.url}/api/review-mail`, { headers: origin ? { Origin: origin } : {} });
  return { response, body: (await response.json()) as { state: string; lastRun: { kind: string; sent: number; failed: number; withoutOwner: number } | null; nextRequestAt: string | null } };
}

describe('review reminder mails of the publish server', () => {
  const stateDir = () => path.join(work, 'state');
  const weeklyDue = weeklySlot(new Date()).due;

  it.skipIf(!weeklyDue)('sends this week\'s digest at start: one mail per owner, only their published due items, with Studio links', async () => {
    const server = await startPublishServer(serverEnv(stateDir()));
    try {
      await waitFor('the weekly digest', () => received.length >= 2 && (async () => (await mailStatus(server)).body.lastRun?.kind === 'weekly')(), 30_000);
      expect(received.map((mail) => mail.to).sort()).toEqual(['buergerbuero@example.org', 'stadtreiniger@example.org']);
      const reiniger = received.find((mail) => mail.to === 'stadtreiniger@example.org')!;
      expect(reiniger.from).toBe('KSP-Redaktion <redaktion@example.org>');
      expect(reiniger.subject).toBe('KSP-Website: 1 Inhalt zu prüfen (1 überfällig)');
      expect(reiniger.text).toContain('Dienstleistung „Sperrmüll anmelden“');
      expect(reiniger.text).toContain(`${STUDIO}/intent/edit/id=service-sperrmuell-anmelden;type=service/`);
      expect(reiniger.text).not.toContain('Reisepass');
      const buero = received.find((mail) => mail.to === 'buergerbuero@example.org')!;
      expect(buero.text).toContain('Reisepass abholen');
      // Not due (200 days ahead); its draft is due but not on the site.
      expect(buero.text).not.toContain('Anfahrt');
      const { body } = await mailStatus(server);
      expect(body).toMatchObject({ state: 'on', lastRun: { kind: 'weekly', sent: 2, failed: 0, withoutOwner: 1 } });
      expect(JSON.stringify(body)).not.toMatch(/@|Sperrmüll/);
      expect(server.output()).not.toContain('s3cret-smtp-pass');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it.skipIf(!weeklyDue)('does not send the week\'s digest again after a restart', async () => {
    const before = received.length;
    const server = await startPublishServer(serverEnv(stateDir()));
    try {
      // Runs never overlap and the weekly check runs first at start, so once the requested
      // digest is in, a second weekly digest would be too.
      const answer = await sendWebhook(`${server.url}/webhooks/sanity`, requestDoc('restart-1'));
      expect(answer.status).toBe(202);
      await waitFor('the requested digest', async () => (await mailStatus(server)).body.lastRun?.kind === 'request', 30_000);
      expect(received.length - before).toBe(2);
    } finally {
      await server.stop();
    }
  }, 120_000);

  describe('on request from the Studio', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startPublishServer(serverEnv(path.join(work, 'state-request')));
      await waitFor('the weekly check', async () => !weeklyDue || (await mailStatus(server)).body.lastRun !== null, 30_000);
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('refuses a request without a valid signature, from anywhere', async () => {
      const before = received.length;
      const url = `${server.url}/webhooks/sanity`;
      const body = JSON.stringify(requestDoc('abuse-1'));
      const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(unsigned.status).toBe(401);
      expect((await sendWebhook(url, requestDoc('abuse-2'), { secret: 'wrong-secret-0123456789abcdef' })).status).toBe(401);
      expect((await sendWebhook(url, requestDoc('abuse-3'), { timestamp: Date.now() - 10 * 60_000 })).status).toBe(401);
      // A page on another origin posting as a browser would: no signature, no CORS.
      const crossSite = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body });
      expect(crossSite.status).toBe(401);
      expect(crossSite.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      // The status is for the Studio's origin only in a browser.
      expect((await mailStatus(server, 'https://evil.example')).response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await mailStatus(server, STUDIO)).response.headers.get('access-control-allow-origin')).toBe(STUDIO);
      expect(received.length).toBe(before);
    });

    it('sends the digest for a signed request, then refuses further requests for ten minutes', async () => {
      const before = received.length;
      const answer = await sendWebhook(`${server.url}/webhooks/sanity`, requestDoc('request-1'));
      expect(answer.status).toBe(202);
      expect(await answer.json()).toMatchObject({ status: 'accepted', digest: 'sending' });
      await waitFor('the requested digest', async () => (await mailStatus(server)).body.lastRun?.kind === 'request', 30_000);
      expect(received.slice(before).map((mail) => mail.to).sort()).toEqual(['buergerbuero@example.org', 'stadtreiniger@example.org']);
      // The same delivery again is a replay; a new request within the cooldown sends nothing.
      expect((await sendWebhook(`${server.url}/webhooks/sanity`, requestDoc('request-1'))).status).toBe(409);
      expect((await sendWebhook(`${server.url}/webhooks/sanity`, requestDoc('request-2'))).status).toBe(202);
      await waitFor('the cooldown in the log', () => server.output().includes('"skipped":"cooldown"'), 30_000);
      expect(received.length - before).toBe(2);
      const { body } = await mailStatus(server);
      expect(Date.parse(body.nextRequestAt!)).toBeGreaterThan(Date.now());
    });

    it('never builds for a request', async () => {
      const status = (await (await fetch(`${server.url}/status`)).json()) as { builds: { started: number }; parts: { reviewMail: { state: string } } };
      expect(status.parts.reviewMail.state).toBe('running');
      // The startup build only.
      expect(status.builds.started).toBe(1);
    });
  });

  it('is off without SMTP_URL, says so, and answers requests without mail', async () => {
    const before = received.length;
    const server = await startPublishServer(serverEnv(path.join(work, 'state-off'), { SMTP_URL: '' }));
    try {
      expect((await mailStatus(server)).body).toMatchObject({ state: 'off', lastRun: null });
      const answer = await sendWebhook(`${server.url}/webhooks/sanity`, requestDoc('off-1'));
      expect(await answer.json()).toMatchObject({ digest: 'off' });
      const status = (await (await fetch(`${server.url}/status`)).json()) as { parts: { reviewMail: { state: string; reason: string } } };
      expect(status.parts.reviewMail).toEqual({ state: 'off', reason: expect.stringContaining('set SMTP_URL') as unknown });
      expect(received.length).toBe(before);
    } finally {
      await server.stop();
    }
  });

  it('logs in with the credentials of SMTP_URL', () => {
    expect(logins).toBeGreaterThan(0);
  });
});
