// "Ja/Nein je Seite": how citizens answered "War diese Seite hilfreich?", per page, the pages
// with the most "Nein" first.
import { Box, Card, Stack, Text } from '@sanity/ui';
import { countByPage, RATINGS_QUERY } from './queries';
import { useFeedbackQuery } from './useFeedback';

export function FeedbackCounts() {
  const ratings = useFeedbackQuery<{ page: string; helpful: boolean }[]>(RATINGS_QUERY, {});
  if (!ratings) return <Box padding={4}><Text>Wird geladen …</Text></Box>;
  const rows = countByPage(ratings);
  if (rows.length === 0) return <Box padding={4}><Text>Noch keine Antworten auf „War diese Seite hilfreich?“.</Text></Box>;
  return (
    <Box padding={4}>
      <Stack gap={3}>
        <Text size={1} muted>
          Antworten auf „War diese Seite hilfreich?“, Seiten mit den meisten „Nein“ zuerst.
        </Text>
        <Card as="table" style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              {['Seite', 'Ja', 'Nein'].map((heading) => (
                <th key={heading} style={{ textAlign: heading === 'Seite' ? 'left' : 'right', padding: '0.5rem' }}>
                  <Text size={1} weight="semibold">{heading}</Text>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.page}>
                <td style={{ padding: '0.5rem' }}><Text size={1}>{row.page}</Text></td>
                <td style={{ padding: '0.5rem', textAlign: 'right' }}><Text size={1}>{row.yes}</Text></td>
                <td style={{ padding: '0.5rem', textAlign: 'right' }}><Text size={1}>{row.no}</Text></td>
              </tr>
            ))}
          </tbody>
        </Card>
      </Stack>
    </Box>
  );
}
