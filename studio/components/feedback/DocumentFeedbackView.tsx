// The "Rückmeldungen" tab of a service, partner, event or page: what citizens said about its
// page, newest first, with Ja/Nein counts and a link to each feedback document.
import { Badge, Box, Card, Flex, Stack, Text } from '@sanity/ui';
import { getPublishedId } from 'sanity';
import { IntentLink } from 'sanity/router';
import { DOCUMENT_FEEDBACK_QUERY, feedbackKind, statusTitle, type FeedbackItem } from './queries';
import { useFeedbackQuery } from './useFeedback';

const GERMAN_DATE = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
const TONES = { neu: 'caution', inBearbeitung: 'primary', erledigt: 'positive' } as const;

export function DocumentFeedbackView({ documentId }: { documentId: string }) {
  const items = useFeedbackQuery<FeedbackItem[]>(DOCUMENT_FEEDBACK_QUERY, { id: getPublishedId(documentId) });
  if (!items) return <Box padding={4}><Text>Rückmeldungen werden geladen …</Text></Box>;
  if (items.length === 0) {
    return <Box padding={4}><Text>Zu dieser Seite gibt es noch keine Rückmeldungen.</Text></Box>;
  }
  const yes = items.filter((item) => item.helpful === true).length;
  const no = items.filter((item) => item.helpful === false).length;
  return (
    <Stack padding={4} gap={4}>
      <Text size={2} weight="semibold">
        War diese Seite hilfreich? Ja: {yes} · Nein: {no}
      </Text>
      {items.map((item) => (
        <Card key={item._id} padding={3} radius={2} border tone={item.status === 'neu' ? 'caution' : 'default'}>
          <Stack gap={3}>
            <Flex gap={2} align="center" wrap="wrap">
              <Badge tone={TONES[item.status] ?? 'default'}>{statusTitle(item.status)}</Badge>
              <Text size={1} weight="semibold">{feedbackKind(item)}</Text>
              <Text size={1} muted>
                {GERMAN_DATE.format(new Date(item.createdAt))} · {item.page}
              </Text>
            </Flex>
            {item.task && <Text size={1}>Wollte: {item.task}</Text>}
            {item.problem && <Text size={1}>{item.problem}</Text>}
            <Text size={1}>
              <IntentLink intent="edit" params={{ id: item._id, type: 'feedback' }}>
                Rückmeldung öffnen und Status ändern
              </IntentLink>
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
