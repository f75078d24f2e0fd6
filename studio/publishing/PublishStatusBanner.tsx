// Above the form of a document whose last publish failed: why, in German, field by field, and
// that the site keeps showing the last good version. Problems of other documents that stopped
// the same build are listed too, since they hold this change back as well.
import { Card, Heading, Stack, Text } from '@sanity/ui';
import { getPublishedId, useEditState, useFormValue, type InputProps } from 'sanity';
import { germanFailure, germanProblem, WHOLE_DOCUMENT, type Problem, type Labels } from '../../core/content/problem.ts';
import type { Poller } from './poller';
import { usePublishState } from './PublishBadge';
import { germanTime } from './texts';
import { idsIn, useLabels } from './use-labels';

function ProblemItem({ problem, labels, withDocument }: { problem: Problem; labels: Labels; withDocument: boolean }) {
  const text = germanProblem(problem, labels);
  const where = [withDocument ? text.document : undefined, text.field === WHOLE_DOCUMENT ? undefined : `Feld „${text.field}“`].filter(Boolean).join(', ');
  return (
    <Stack as="li" gap={2}>
      {where ? (
        <Text size={1} weight="semibold">
          {where}
        </Text>
      ) : null}
      <Text size={1}>{text.problem}</Text>
      <Text size={1}>So beheben Sie es: {text.fix}</Text>
    </Stack>
  );
}

function Banner({ poller, id, type }: { poller: Poller; id: string; type: string }) {
  const { published } = useEditState(getPublishedId(id), type);
  const { state, now } = usePublishState(poller, published);
  const labels = useLabels(state?.state === 'failed' ? idsIn([state.build]) : []);
  if (state?.state !== 'failed') return null;
  return (
    <Card tone="critical" padding={4} radius={2} border role="alert" data-testid="publish-failed-banner">
      <Stack gap={4}>
        <Heading as="h2" size={1}>
          Veröffentlichung fehlgeschlagen
        </Heading>
        <Text size={1}>
          {germanFailure(state.build.failure?.kind ?? 'error')} (Versuch {germanTime(state.build.startedAt, now)})
        </Text>
        {state.problems.length > 0 ? (
          <Stack as="ul" gap={3}>
            {state.problems.map((problem) => (
              <ProblemItem key={JSON.stringify(problem)} problem={problem} labels={labels} withDocument={false} />
            ))}
          </Stack>
        ) : null}
        {state.otherProblems.length > 0 ? (
          <Stack gap={3}>
            <Text size={1} weight="semibold">
              {state.problems.length > 0 ? 'Außerdem halten diese Probleme anderer Dokumente die Veröffentlichung auf:' : 'Ursache sind Probleme in anderen Dokumenten:'}
            </Text>
            <Stack as="ul" gap={3}>
              {state.otherProblems.map((problem) => (
                <ProblemItem key={JSON.stringify(problem)} problem={problem} labels={labels} withDocument />
              ))}
            </Stack>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}

/** Form input for the document level: the banner, then the form as usual. */
export function createPublishStatusInput(poller: Poller, types: ReadonlySet<string>) {
  function DocumentRoot(props: InputProps) {
    const id = useFormValue(['_id']);
    const type = useFormValue(['_type']);
    if (typeof id !== 'string' || typeof type !== 'string' || !types.has(type)) return props.renderDefault(props);
    return (
      <Stack gap={4}>
        <Banner poller={poller} id={id} type={type} />
        {props.renderDefault(props)}
      </Stack>
    );
  }
  // Every input of every form passes here: only the document itself (the empty path) gets more.
  return function PublishStatusInput(props: InputProps) {
    return props.path.length === 0 ? <DocumentRoot {...props} /> : props.renderDefault(props);
  };
}
