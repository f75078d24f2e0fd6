// The reminder mails in "Zu prüfen": on or off (and why, in words an editor can pass on), when
// they last went out, and "Erinnerungen jetzt senden" for the roles that may publish. The button
// writes the request document (schemaTypes/singletons/reviewDigestRequest.ts), whose signed
// webhook makes the publish server send the digest, as "Website neu bauen" does for a build.
import { Button, Card, Stack, Text } from '@sanity/ui';
import { useEffect, useState } from 'react';
import { useClient, useCurrentUser, userHasRole } from 'sanity';
import { formatGermanDateTime, formatGermanTime } from '../../core/review/dates';
import type { RunSummary } from '../../core/review/run';
import { API_VERSION, REVIEW_DIGEST_REQUEST } from '../schemaTypes/constants';
import { REBUILD_ROLES } from '../publishing/RebuildButton';
import { useMailStatus } from './mail-status';

/** How long the tool waits for the server to report the requested mails. */
const UNANSWERED_MS = 60_000;

function mails(count: number): string {
  return count === 1 ? '1 E-Mail' : `${count} E-Mails`;
}

function runText(run: RunSummary): string {
  const kind = run.kind === 'weekly' ? 'wöchentlich' : 'auf Anforderung';
  const failed = run.failed > 0 ? `, ${mails(run.failed)} nicht zustellbar (der Server-Log nennt den Grund)` : '';
  return `Zuletzt verschickt (${kind}): ${formatGermanDateTime(run.at)}, ${mails(run.sent)}${failed}.`;
}

export function MailPanel({ siteUrl }: { siteUrl: string | undefined }) {
  const user = useCurrentUser();
  const client = useClient({ apiVersion: API_VERSION });
  const [requestedAt, setRequestedAt] = useState<string | undefined>();
  // The run the server reported when the button was pressed: a different one answers the request
  // (compared by value, so the browser's and the server's clocks need not agree).
  const [runBefore, setRunBefore] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [unanswered, setUnanswered] = useState(false);
  const { mail, refresh } = useMailStatus(siteUrl, requestedAt ? 1500 : 30_000);
  const status = mail.kind === 'known' ? mail.status : undefined;
  const answered = requestedAt && status?.lastRun && status.lastRun.kind === 'request' && status.lastRun.at !== runBefore ? status.lastRun : undefined;
  useEffect(() => {
    if (answered) setRequestedAt(undefined);
  }, [answered]);
  // The server may be busy, down or have refused the request (another editor asked just before):
  // the button comes back after a minute instead of spinning forever.
  useEffect(() => {
    if (!requestedAt) return;
    const timer = setTimeout(() => {
      setRequestedAt(undefined);
      setUnanswered(true);
    }, UNANSWERED_MS);
    return () => clearTimeout(timer);
  }, [requestedAt]);
  const mayRequest = Boolean(user && REBUILD_ROLES.some((role) => userHasRole(user, role)));
  const cooldownUntil = status?.nextRequestAt && Date.parse(status.nextRequestAt) > Date.now() ? status.nextRequestAt : undefined;

  async function request() {
    const at = new Date().toISOString();
    setFailed(false);
    setUnanswered(false);
    setRunBefore(status?.lastRun?.at ?? null);
    setRequestedAt(at);
    try {
      await client.createOrReplace({ _id: REVIEW_DIGEST_REQUEST.id, _type: REVIEW_DIGEST_REQUEST.type, requestedAt: at, requestedBy: user?.name ?? '' });
      refresh();
    } catch {
      setRequestedAt(undefined);
      setFailed(true);
    }
  }

  if (mail.kind === 'loading') return null;
  if (!status) {
    return (
      <Card tone="caution" padding={3} radius={2} border data-testid="review-mail">
        <Text size={1}>Ob E-Mail-Erinnerungen verschickt werden, kann das Studio gerade nicht sehen (die Website ist nicht erreichbar oder in diesem Studio nicht eingetragen). Die Liste unten gilt trotzdem.</Text>
      </Card>
    );
  }
  if (status.state !== 'on') {
    return (
      <Card tone="caution" padding={3} radius={2} border data-testid="review-mail" data-state={status.state}>
        <Text size={1}>
          {status.state === 'off'
            ? 'E-Mail-Erinnerungen sind ausgeschaltet: Auf dem Server ist kein Mail-Versand eingerichtet. Die Liste unten gilt trotzdem – bitte geben Sie den Verantwortlichen selbst Bescheid, oder bitten Sie die Technik, den Mail-Versand einzurichten.'
            : 'E-Mail-Erinnerungen sind auf dem Server nicht richtig eingerichtet und werden nicht verschickt. Bitte wenden Sie sich an die Technik: Die Statusseite des Servers nennt die fehlerhafte Einstellung.'}
        </Text>
      </Card>
    );
  }
  return (
    <Card padding={3} radius={2} border data-testid="review-mail" data-state="on">
      <Stack gap={3}>
        <Text size={1}>
          E-Mail-Erinnerungen: Jeden Montag ab {status.weekly.hour} Uhr erhält jede verantwortliche Person eine E-Mail mit ihren fälligen Inhalten und direkten Links ins Studio.
        </Text>
        {status.lastRun ? <Text size={1}>{runText(status.lastRun)}</Text> : <Text size={1}>Bisher wurden keine Erinnerungen verschickt.</Text>}
        {mayRequest ? (
          <Stack gap={2}>
            <div>
              <Button text="Erinnerungen jetzt senden" mode="ghost" tone="primary" disabled={Boolean(requestedAt) || Boolean(cooldownUntil)} loading={Boolean(requestedAt)} onClick={() => void request()} />
            </div>
            {requestedAt ? <Text size={1}>Die Erinnerungen werden verschickt …</Text> : null}
            {!requestedAt && cooldownUntil ? <Text size={1}>Erinnerungen lassen sich höchstens alle 10 Minuten anfordern; wieder möglich ab {formatGermanTime(cooldownUntil)}.</Text> : null}
            {failed ? <Text size={1}>Die Erinnerungen konnten nicht angefordert werden. Bitte versuchen Sie es noch einmal.</Text> : null}
            {unanswered ? <Text size={1}>Der Server hat noch nicht bestätigt, dass die Erinnerungen verschickt sind. Die Zeile „Zuletzt verschickt“ oben zeigt es, sobald sie unterwegs sind.</Text> : null}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
