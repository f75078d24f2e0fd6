// The Studio side of the publish status: the badge's German words for each state, the tool's
// trigger texts, and the poller (revalidating requests, growing pause, nothing while hidden).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Labels } from '../../core/content/problem.ts';
import { createManifest } from '../../core/publish/build-manifest.ts';
import { createPoller, FAST_MS, SLOW_MS } from '../../studio/publishing/poller.ts';
import { badgeText, germanDuration, germanTime, indexNowText, triggerText } from '../../studio/publishing/texts.ts';

const labels: Labels = {
  type: (type) => ({ service: 'Dienstleistung', partner: 'Partner' })[type],
  field: (_type, path) => (path[0] === 'provider' ? ['Anbieter'] : []),
  document: (id) => ({ 'service.a': 'Reisepass abholen' })[id],
};
const now = new Date('2026-12-01T10:00:40.000Z');

describe('badge texts', () => {
  it.each([
    [{ state: 'live', buildId: 'b', finishedAt: '2026-12-01T09:58:00.000Z' }, 'Live', 'success', /heute, 10:58/],
    [{ state: 'queued', position: 1, since: '2026-12-01T10:00:00.000Z' }, 'Wird veröffentlicht … (Platz 1 in der Warteschlange)', 'primary', /Platz 1/],
    [{ state: 'building', since: '2026-12-01T10:00:28.000Z' }, 'Wird veröffentlicht … (Website wird gebaut, seit 12 s)', 'primary', /neu gebaut/],
    [{ state: 'waiting', since: '2026-12-01T09:57:40.000Z' }, 'Wird veröffentlicht … (seit 3 Min.)', 'primary', /in Kürze/],
    [{ state: 'deploying', since: '2026-12-01T10:00:30.000Z' }, 'Wird veröffentlicht … (wird übernommen)', 'primary', /ausgeliefert/],
  ] as const)('%o', (state, label, color, title) => {
    const text = badgeText(state, now, labels);
    expect(text.label).toBe(label);
    expect(text.color).toBe(color);
    expect(text.title).toMatch(title);
  });

  it('names the field of a failed publish in the tooltip', () => {
    const build = { id: 'b', trigger: { kind: 'publish' as const, documents: [] }, startedAt: '', finishedAt: '', durationMs: 1, result: 'failed' as const, failure: null };
    const text = badgeText({ state: 'failed', build, problems: [{ id: 'service.a', type: 'service', field: 'provider', code: { kind: 'reference', ref: 'partner.neu' } }], otherProblems: [] }, now, labels);
    expect(text).toMatchObject({ label: 'Veröffentlichung fehlgeschlagen', color: 'danger' });
    expect(text.title).toBe(
      'Dienstleistung „Reisepass abholen“, Feld „Anbieter“: Das Feld „Anbieter“ verweist auf „partner.neu“, das nicht veröffentlicht ist oder nicht mehr existiert. Veröffentlichen Sie zuerst das verknüpfte Dokument, oder entfernen Sie den Verweis aus „Anbieter“; dann veröffentlichen Sie erneut.',
    );
  });
});

describe('tool texts', () => {
  it('says why a build ran', () => {
    const publish = (documents: { _id: string; _type: string; operation?: string }[]) => triggerText({ trigger: { kind: 'publish', documents } }, labels);
    expect(publish([{ _id: 'service.a', _type: 'service' }])).toBe('Veröffentlicht: Dienstleistung „Reisepass abholen“');
    expect(publish([{ _id: 'partner.b', _type: 'partner', operation: 'delete' }])).toBe('Gelöscht: Partner „partner.b“');
    expect(publish(['a', 'b', 'c', 'd', 'e'].map((id) => ({ _id: id, _type: 'partner' })))).toBe('Veröffentlicht: Partner „a“, Partner „b“, Partner „c“ und 2 weitere');
    expect(triggerText({ trigger: { kind: 'rebuild', documents: [] } }, labels)).toBe('„Website neu bauen“ im Studio');
    expect(triggerText({ trigger: { kind: 'daily', documents: [] } }, labels)).toBe('Tägliche Aktualisierung');
  });

  it('writes durations and times the German way, in Kassel’s time', () => {
    expect([germanDuration(800), germanDuration(42_000), germanDuration(65_000), germanDuration(3_600_000), germanDuration(3_900_000)]).toEqual(['1 s', '42 s', '1 Min. 5 s', '1 Std.', '1 Std. 5 Min.']);
    expect(germanTime('2026-12-01T08:05:00.000Z', now)).toBe('heute, 09:05');
    expect(germanTime('2026-11-30T08:05:00.000Z', now)).toBe('gestern, 09:05');
    expect(germanTime('2026-07-01T08:05:00.000Z', now)).toBe('01.07.2026, 10:05');
  });
});

describe('poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    let hidden = false;
    let onVisibility = () => {};
    const requests: { url: string; cache: RequestCache | undefined }[] = [];
    let manifestBody = JSON.stringify(createManifest({ buildId: 'b1', startedAt: new Date(0), source: { kind: 'embedded' }, trigger: { kind: 'other', documents: [] }, documents: [] }));
    const poller = createPoller({
      manifestUrl: 'https://site.example/build-manifest.json',
      statusUrl: 'https://site.example/api/build-status',
      fetchImpl: async (input, init) => {
        requests.push({ url: String(input), cache: init?.cache });
        return String(input).endsWith('build-manifest.json') ? new Response(manifestBody) : new Response('{}', { status: 501 });
      },
      visibility: { hidden: () => hidden, onChange: (listener) => ((onVisibility = listener), () => undefined) },
    });
    return {
      poller,
      requests,
      setManifest: (id: string) => (manifestBody = manifestBody.replace(/"buildId":"[^"]+"/, `"buildId":"${id}"`)),
      setHidden: (value: boolean) => ((hidden = value), onVisibility()),
    };
  }
  const rounds = (requests: { url: string }[]) => requests.filter((r) => r.url.endsWith('build-manifest.json')).length;

  it('revalidates every request, works without a status API, and waits longer while nothing changes', async () => {
    const { poller, requests } = setup();
    const stop = poller.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(poller.getSnapshot()).toMatchObject({ loaded: true, unreachable: false, status: undefined });
    expect(poller.getSnapshot().manifest?.buildId).toBe('b1');
    expect(requests.every((r) => r.cache === 'no-cache')).toBe(true);
    // Unchanged answers: the pauses grow (2 s, 3.2 s, 5.1 s …) up to a minute.
    await vi.advanceTimersByTimeAsync(FAST_MS * 10);
    const inTwentySeconds = rounds(requests);
    expect(inTwentySeconds).toBeLessThan(10);
    await vi.advanceTimersByTimeAsync(SLOW_MS * 10);
    expect(rounds(requests) - inTwentySeconds).toBeGreaterThanOrEqual(9);
    expect(rounds(requests) - inTwentySeconds).toBeLessThanOrEqual(12);
    stop();
  });

  it('polls fast again after a change or when told to expect one, and never while the tab is hidden', async () => {
    const { poller, requests, setManifest, setHidden } = setup();
    let changes = 0;
    const stop = poller.subscribe(() => (changes += 1));
    await vi.advanceTimersByTimeAsync(SLOW_MS * 3);
    const before = rounds(requests);
    poller.expectChange();
    await vi.advanceTimersByTimeAsync(FAST_MS);
    expect(rounds(requests)).toBe(before + 1);

    setManifest('b2');
    await vi.advanceTimersByTimeAsync(SLOW_MS);
    expect(poller.getSnapshot().manifest?.buildId).toBe('b2');
    expect(changes).toBe(2);

    setHidden(true);
    const hiddenAt = rounds(requests);
    await vi.advanceTimersByTimeAsync(SLOW_MS * 5);
    expect(rounds(requests)).toBe(hiddenAt);
    setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds(requests)).toBe(hiddenAt + 1);
    stop();
    const stoppedAt = rounds(requests);
    await vi.advanceTimersByTimeAsync(SLOW_MS * 5);
    expect(rounds(requests)).toBe(stoppedAt);
  });
});

describe('what the tool says about IndexNow', () => {
  it('counts the addresses announced, in German, with the singular for one', () => {
    expect(indexNowText({ state: 'sent', urls: 2, at: '2026-12-01T10:00:00.000Z' })).toBe('Suchmaschinen wurden über 2 geänderte Adressen benachrichtigt.');
    expect(indexNowText({ state: 'sent', urls: 1, at: '2026-12-01T10:00:00.000Z' })).toBe('Suchmaschinen wurden über 1 geänderte Adresse benachrichtigt.');
    expect(indexNowText({ state: 'sent', urls: 12345, at: '2026-12-01T10:00:00.000Z' })).toBe('Suchmaschinen wurden über 12.345 geänderte Adressen benachrichtigt.');
    expect(indexNowText({ state: 'sending', urls: 3 })).toBe('Suchmaschinen werden über 3 geänderte Adressen benachrichtigt …');
  });
  it('says that a failed notice leaves the site current, and that nothing changed', () => {
    expect(indexNowText({ state: 'failed', urls: 2 })).toMatch(/^Suchmaschinen konnten nicht über 2 geänderte Adressen benachrichtigt werden\. Die Website ist trotzdem aktuell/);
    expect(indexNowText({ state: 'unchanged' })).toBe('Suchmaschinen wurden diesmal nicht benachrichtigt: Der Hauptinhalt keiner Seite hat sich geändert.');
  });
  it('says nothing when IndexNow is off or the answer is not a report', () => {
    expect(indexNowText(undefined)).toBeUndefined();
    expect(indexNowText({ state: 'sent' })).toBeUndefined();
  });
});
