// The tool "Zu prüfen": published services, pages and partners whose review is overdue or due
// within REVIEW_WINDOW_DAYS, grouped by owner, each with a link to the document and a one-click
// "Geprüft – weiter in 12 Monaten"; above them the state of the reminder mails.
import { Box, Button, Card, Container, Flex, Heading, Stack, Text } from '@sanity/ui';
import { useToast } from '@sanity/ui/toast';
import { useCallback, useEffect, useState } from 'react';
import { useClient } from 'sanity';
import { IntentLink } from 'sanity/router';
import { berlinDate, describeDue, formatGermanDate } from '../../core/review/dates';
import { dueState, dueUntil, groupByOwner, type OwnerGroup } from '../../core/review/due';
import { parseReviewItems, REVIEW_ITEMS_QUERY, REVIEW_TYPE_TITLES, REVIEW_WINDOW_DAYS, reviewQueryParams, type ReviewItem } from '../../core/review/model';
import { API_VERSION } from '../schemaTypes/constants';
import { REVIEWED_LABEL } from './actions';
import { MailPanel } from './MailPanel';
import { markReviewed } from './mark-reviewed';

function ItemRow({ item, today, onReviewed }: { item: ReviewItem; today: string; onReviewed: (item: ReviewItem) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const overdue = dueState(item.nextReview, today) === 'overdue';
  return (
    <Card as="li" padding={3} radius={2} border tone={overdue ? 'critical' : 'caution'} data-testid="review-item" data-id={item._id}>
      <Flex gap={3} align="center" wrap="wrap" justify="space-between">
        <Stack gap={2} flex={1}>
          <Text size={1} weight="semibold">
            <IntentLink intent="edit" params={{ id: item._id, type: item._type }}>
              {item.title}
            </IntentLink>
          </Text>
          <Text size={1} muted>
            {REVIEW_TYPE_TITLES[item._type]} · Prüfung am {formatGermanDate(item.nextReview)} – {describeDue(item.nextReview, today)}
          </Text>
        </Stack>
        <Button
          text={REVIEWED_LABEL}
          mode="ghost"
          tone="positive"
          disabled={busy}
          loading={busy}
          onClick={() => {
            setBusy(true);
            void onReviewed(item).finally(() => setBusy(false));
          }}
        />
      </Flex>
    </Card>
  );
}

function OwnerSection({ group, today, onReviewed }: { group: OwnerGroup; today: string; onReviewed: (item: ReviewItem) => Promise<void> }) {
  const count = group.items.length === 1 ? '1 Inhalt' : `${group.items.length} Inhalte`;
  return (
    <Stack as="section" gap={3} data-testid="review-group" data-owner={group.key}>
      <Heading as="h2" size={1}>
        {group.owner ? `${group.owner.name} (${group.owner.email})` : 'Ohne Verantwortliche'} · {count}
      </Heading>
      {group.owner ? null : <Text size={1} muted>Diese Inhalte erhalten keine Erinnerung. Bitte tragen Sie im Dokument unter „Verantwortlich“ ein, wer sie prüft.</Text>}
      <Stack as="ul" gap={2} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {group.items.map((item) => (
          <ItemRow key={item._id} item={item} today={today} onReviewed={onReviewed} />
        ))}
      </Stack>
    </Stack>
  );
}

export function ReviewTool({ siteUrl }: { siteUrl: string | undefined }) {
  const client = useClient({ apiVersion: API_VERSION });
  const toast = useToast();
  const [items, setItems] = useState<ReviewItem[] | undefined>();
  const [failed, setFailed] = useState(false);
  const today = berlinDate(new Date());

  const load = useCallback(() => {
    client
      .fetch(REVIEW_ITEMS_QUERY, reviewQueryParams(dueUntil(berlinDate(new Date()))), { perspective: 'published' })
      .then((result: unknown) => {
        setItems(parseReviewItems(result));
        setFailed(false);
      })
      .catch(() => setFailed(true));
  }, [client]);

  useEffect(() => {
    load();
    // Another editor's change (or this one's) shows without reloading the tool.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = client.listen('*[_type in $types]', reviewQueryParams(''), { events: ['mutation'], includeResult: false, visibility: 'query' }).subscribe({
      next: () => {
        clearTimeout(timer);
        timer = setTimeout(load, 500);
      },
      error: () => undefined,
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [client, load]);

  async function onReviewed(item: ReviewItem) {
    try {
      const next = await markReviewed(client, item);
      setItems((current) => current?.filter((other) => other._id !== item._id));
      toast.push({ status: 'success', title: `„${item.title}“ geprüft`, description: `Nächste Prüfung am ${formatGermanDate(next)}.` });
    } catch {
      toast.push({ status: 'error', title: 'Die Prüfung konnte nicht gespeichert werden.', description: 'Bitte versuchen Sie es noch einmal.' });
    }
  }

  const groups = items ? groupByOwner(items, today) : [];
  return (
    <Box style={{ overflow: 'auto', height: '100%' }}>
      <Container width={2} padding={4}>
        <Stack gap={5}>
          <Stack gap={3}>
            <Heading as="h1" size={2}>
              Zu prüfen
            </Heading>
            <Text size={1} muted>
              Veröffentlichte Dienstleistungen, Seiten und Partner, deren Prüfung überfällig ist oder in den nächsten {REVIEW_WINDOW_DAYS} Tagen ansteht, nach verantwortlicher Person. Stand: {formatGermanDate(today)}.
            </Text>
          </Stack>
          <MailPanel siteUrl={siteUrl} />
          {failed ? (
            <Card tone="critical" padding={3} radius={2} border>
              <Text size={1}>Die Liste konnte nicht geladen werden. Bitte laden Sie die Seite neu.</Text>
            </Card>
          ) : null}
          {!items && !failed ? <Text size={1}>Wird geladen …</Text> : null}
          {items && groups.length === 0 ? (
            <Card tone="positive" padding={3} radius={2} border>
              <Text size={1}>Zurzeit ist nichts zu prüfen.</Text>
            </Card>
          ) : null}
          {groups.map((group) => (
            <OwnerSection key={group.key} group={group} today={today} onReviewed={onReviewed} />
          ))}
        </Stack>
      </Container>
    </Box>
  );
}
