// The tool "Veröffentlichungen": what the site shows now and when it next changes by itself, the
// build running and waiting, the recent builds (time, trigger, duration, result, German error
// text, documents withdrawn at "Sichtbar bis"), and "Website neu bauen" for roles that may request it.
import { Box, Card, Container, Flex, Heading, Stack, Text } from '@sanity/ui';
import type { StatusBuild } from '../../core/publish/build-status.ts';
import { germanFailure, germanProblem, WHOLE_DOCUMENT, type Labels } from '../../core/content/problem.ts';
import { usePublishing, type Poller } from './poller';
import { RebuildButton } from './RebuildButton';
import { germanDuration, germanTime, hiddenText, indexNowText, nextChangeText, RESULT_TEXT, triggerText, unpublishText } from './texts';
import { idsIn, useLabels, useNow } from './use-labels';

const RESULT_TONE = { running: 'primary', success: 'positive', failed: 'critical', cancelled: 'caution' } as const;

function FailureText({ build, labels }: { build: StatusBuild; labels: Labels }) {
  if (!build.failure) return null;
  return (
    <Stack gap={2}>
      <Text size={1}>{germanFailure(build.failure.kind)}</Text>
      {build.failure.problems.map((problem) => {
        const text = germanProblem(problem, labels);
        return (
          <Text key={JSON.stringify(problem)} size={1}>
            {text.document}
            {text.field === WHOLE_DOCUMENT ? '' : `, Feld „${text.field}“`}: {text.problem} {text.fix}
          </Text>
        );
      })}
    </Stack>
  );
}

function BuildRow({ build, labels, now }: { build: StatusBuild; labels: Labels; now: Date }) {
  const duration = build.durationMs ?? now.getTime() - Date.parse(build.startedAt);
  return (
    <Card as="li" padding={3} radius={2} border tone={RESULT_TONE[build.result]} data-testid="build-row" data-result={build.result}>
      <Stack gap={3}>
        <Flex gap={3} wrap="wrap" align="baseline">
          <Text size={1} weight="semibold">
            {RESULT_TEXT[build.result]}
          </Text>
          <Text size={1}>{germanTime(build.startedAt, now)}</Text>
          <Text size={1} muted>
            Dauer {germanDuration(duration)}
          </Text>
        </Flex>
        <Text size={1}>Anlass: {triggerText(build, labels)}</Text>
        {build.trigger.kind === 'scheduled'
          ? build.trigger.unpublish.map((doc) => (
              <Text key={doc._id} size={1} data-testid="unpublish-entry">
                {unpublishText(doc, labels)}
              </Text>
            ))
          : null}
        <FailureText build={build} labels={labels} />
      </Stack>
    </Card>
  );
}

export function PublishingTool({ poller }: { poller: Poller }) {
  const { manifest, status, loaded, unreachable } = usePublishing(poller);
  const busy = status?.running != null || (status?.queue.length ?? 0) > 0;
  const now = useNow(true, busy ? 1000 : 15_000);
  const labels = useLabels(status ? idsIn([...status.builds, ...(status.running ? [status.running] : [])]) : []);
  const live = manifest?.finishedAt ?? status?.live?.finishedAt ?? null;
  // Only for the release the site shows: a status from before the switch tells of the one before.
  const announced = status?.live && (!manifest || manifest.buildId === status.live.id) ? indexNowText(status.live.indexNow) : undefined;
  return (
    <Container width={2} padding={4}>
      <Stack gap={5}>
        <Flex gap={3} align="center" wrap="wrap" justify="space-between">
          <Heading as="h1" size={2}>
            Veröffentlichungen
          </Heading>
          <RebuildButton poller={poller} />
        </Flex>
        {!loaded ? <Text>Wird geladen …</Text> : null}
        {unreachable ? (
          <Card tone="caution" padding={3} radius={2} border>
            <Text size={1}>Die Website ist gerade nicht erreichbar; der Stand der Veröffentlichungen kann nicht angezeigt werden.</Text>
          </Card>
        ) : null}
        {loaded && !unreachable ? (
          <Card padding={3} radius={2} border>
            <Stack gap={3}>
              <Text size={1}>{live ? `Letzte erfolgreiche Veröffentlichung: ${germanTime(live, now)}. Diesen Stand zeigt die Website.` : 'Die Website wurde noch nicht veröffentlicht.'}</Text>
              {announced ? (
                <Text size={1} data-testid="indexnow-notice">
                  {announced}
                </Text>
              ) : null}
            </Stack>
          </Card>
        ) : null}
        {loaded && !unreachable && manifest ? (
          <Card padding={3} radius={2} border data-testid="next-change">
            <Stack gap={3}>
              <Text size={1}>
                {manifest.nextChange
                  ? `Nächste geplante Aktualisierung: ${nextChangeText(manifest.nextChange, labels)}`
                  : 'Keine geplante Aktualisierung: Die Website ändert sich erst beim nächsten Veröffentlichen (und bei der täglichen Aktualisierung nach Mitternacht).'}
              </Text>
              {manifest.hidden.map((doc) => (
                <Text key={doc._id} size={1} data-testid="hidden-document">
                  {hiddenText(doc, labels)}
                </Text>
              ))}
            </Stack>
          </Card>
        ) : null}
        {status?.running ? (
          <Stack gap={3}>
            <Heading as="h2" size={1}>
              Wird gerade gebaut
            </Heading>
            <Stack as="ul" gap={2}>
              <BuildRow build={status.running} labels={labels} now={now} />
            </Stack>
          </Stack>
        ) : null}
        {status && status.queue.length > 0 ? (
          <Text size={1}>
            Danach in der Warteschlange:{' '}
            {status.queue.map((entry) => triggerText({ trigger: { kind: 'publish', documents: entry.documents } }, labels)).join('; ')}
          </Text>
        ) : null}
        {status ? (
          <Stack gap={3}>
            <Heading as="h2" size={1}>
              Letzte Veröffentlichungen
            </Heading>
            {status.builds.length === 0 ? <Text size={1}>Seit dem Start des Servers wurde noch nichts gebaut.</Text> : null}
            <Stack as="ul" gap={2}>
              {status.builds.map((build) => (
                <BuildRow key={build.id} build={build} labels={labels} now={now} />
              ))}
            </Stack>
          </Stack>
        ) : loaded && !unreachable ? (
          <Box>
            <Text size={1} muted>
              Der Verlauf der Veröffentlichungen ist hier nicht verfügbar; die Abzeichen an den Dokumenten zeigen trotzdem, ob eine Änderung live ist.
            </Text>
          </Box>
        ) : null}
      </Stack>
    </Container>
  );
}
