// The list "Defekte Links" in the tool "Veröffentlichungen": every broken external link of the
// live site with the document and field that hold it (each openable), the address and the result.
import { Card, Flex, Heading, Stack, Text } from '@sanity/ui';
import { IntentLink } from 'sanity/router';
import type { LinkReport } from '../../core/links.ts';
import { germanTime } from '../publishing/texts';
import { useLabels } from '../publishing/use-labels';
import { brokenLinkRows, reportSummary } from './texts';

export function BrokenLinksList({ report, now }: { report: LinkReport | undefined; now: Date }) {
  const labels = useLabels((report?.broken ?? []).flatMap((link) => link.sources.map((source) => source.id)));
  const rows = brokenLinkRows(report?.broken ?? [], labels);
  return (
    <Stack gap={3} data-testid="broken-links">
      <Heading as="h2" size={1}>
        Defekte Links
      </Heading>
      <Text size={1} muted>
        {reportSummary(report, now)}
      </Text>
      {rows.length > 0 ? (
        <Stack as="ul" gap={2}>
          {rows.map((row) => (
            <Card as="li" key={`${row.url} ${row.document?.id ?? ''} ${row.document?.field ?? ''}`} padding={3} radius={2} border tone="critical" data-testid="broken-link-row">
              <Stack gap={2}>
                <Flex gap={2} wrap="wrap" align="baseline">
                  <Text size={1} weight="semibold">
                    {row.document ? (
                      <IntentLink intent="edit" params={{ id: row.document.id, type: row.document.type }}>
                        {row.document.name}
                      </IntentLink>
                    ) : (
                      'Vorlage der Website (kein Dokument)'
                    )}
                  </Text>
                  {row.document ? <Text size={1}>Feld „{row.document.field}“</Text> : null}
                </Flex>
                <Text size={1}>
                  {row.url} – <strong>{row.result}</strong>
                </Text>
                <Text size={1} muted>
                  Geprüft {germanTime(row.checkedAt, now)} · auf {row.pages.length === 1 ? 'der Seite' : `${row.pages.length} Seiten, z. B.`} {row.pages[0] ?? ''}
                </Text>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
