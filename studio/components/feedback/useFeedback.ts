// Loads feedback with the Studio's client and reloads it whenever a feedback document changes,
// so a badge or list shows new feedback without a page reload.
import { useEffect, useState } from 'react';
import { useClient } from 'sanity';
import { API_VERSION } from '../../schemaTypes/constants';
import { FEEDBACK_LISTEN_FILTER } from './queries';

export function useFeedbackQuery<T>(query: string, params: Record<string, string>): T | undefined {
  const client = useClient({ apiVersion: API_VERSION });
  const [result, setResult] = useState<T | undefined>(undefined);
  const key = JSON.stringify(params);
  useEffect(() => {
    let active = true;
    const parsed = JSON.parse(key) as Record<string, string>;
    const load = () =>
      client.fetch<T>(query, parsed).then(
        (value) => active && setResult(value),
        () => undefined,
      );
    void load();
    const subscription = client.listen(FEEDBACK_LISTEN_FILTER, {}, { includeResult: false, visibility: 'query' }).subscribe({ next: () => void load(), error: () => undefined });
    return () => {
      active = false;
      subscription.unsubscribe();
    };
  }, [client, query, key]);
  return result;
}
