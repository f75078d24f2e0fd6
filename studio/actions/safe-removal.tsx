// Safe unpublish and delete (issue 27, part 3): before Sanity's own confirmation, the editor sees
// which published documents of the site point to this one, opens each of them if they like, and
// reads what the site would do; "Weiter …" goes on to Sanity's unchanged dialog. The wrapped
// action keeps the original's `action` name, so filters by name (sanity.config.ts) still apply.
import { useCallback, useMemo, useState } from 'react';
import { Box, Button, Card, Flex, Stack, Text } from '@sanity/ui';
import { useClient, useSchema, type DocumentActionComponent, type DocumentActionDescription, type DocumentActionProps } from 'sanity';
import { IntentLink } from 'sanity/router';
import { CONTENT_DOCUMENT_TYPES } from '../../core/registry.ts';
import { publishedIdOf } from '../../core/sanity/ids.ts';
import { schemaLabels } from '../publishing/labels';
import { API_VERSION } from '../schemaTypes/constants';
import { consequences, REFERRERS_QUERY, referrersHeadline, sortReferrers, toReferrer, type Referrer, type Removal } from './referrers';

type Step = { kind: 'idle' } | { kind: 'checking' } | { kind: 'warn'; referrers: Referrer[]; total: number } | { kind: 'error' };

function ReferrerList({ referrers, onOpen }: { referrers: Referrer[]; onOpen: () => void }) {
  return (
    <Stack as="ul" gap={2} data-testid="safe-removal-referrers">
      {referrers.map((referrer) => (
        <Card as="li" key={referrer._id} padding={2} radius={2} border>
          <Flex gap={2} align="center" wrap="wrap">
            <Text size={1} weight="semibold">
              <IntentLink intent="edit" params={{ id: referrer._id, type: referrer._type }} onClick={onOpen}>
                {referrer.title}
              </IntentLink>
            </Text>
            {referrer.fields.length > 0 ? (
              <Text size={1} muted>
                Feld {referrer.fields.map((field) => `„${field}“`).join(', ')}
              </Text>
            ) : null}
          </Flex>
        </Card>
      ))}
    </Stack>
  );
}

function guarded(Original: DocumentActionComponent, removal: Removal): DocumentActionComponent {
  const Safe = (props: DocumentActionProps): DocumentActionDescription | null => {
    // The original's hooks run on every render, as React requires, whatever happens below.
    const original = Original(props);
    const client = useClient({ apiVersion: API_VERSION });
    const schema = useSchema();
    const [step, setStep] = useState<Step>({ kind: 'idle' });
    const id = publishedIdOf(props.id);
    const labels = useMemo(() => schemaLabels(schema), [schema]);
    const close = useCallback(() => setStep({ kind: 'idle' }), []);
    const goOn = useCallback(() => {
      setStep({ kind: 'idle' });
      original?.onHandle?.();
    }, [original]);
    const onHandle = useCallback(() => {
      setStep({ kind: 'checking' });
      client
        .fetch<{ documents: Record<string, unknown>[]; total: number }>(REFERRERS_QUERY, { id, types: [...CONTENT_DOCUMENT_TYPES] }, { perspective: 'raw' })
        .then(({ documents, total }) => {
          if (total === 0) {
            setStep({ kind: 'idle' });
            original?.onHandle?.();
          } else setStep({ kind: 'warn', referrers: sortReferrers(documents.map((doc) => toReferrer(doc, id, labels))), total });
        })
        .catch(() => setStep({ kind: 'error' }));
    }, [client, id, labels, original]);

    // The same description object while nothing changed: Sanity re-renders the action bar on
    // every new one, and a new object per render would never let it settle.
    return useMemo((): DocumentActionDescription | null => {
      if (!original) return null;
      const footer = (
        <Flex gap={2} justify="flex-end">
          <Button mode="ghost" text="Abbrechen" onClick={close} />
          <Button tone="critical" text="Trotzdem weiter …" onClick={goOn} data-testid="safe-removal-continue" />
        </Flex>
      );
      if (step.kind === 'warn') {
        return {
          ...original,
          onHandle,
          dialog: {
            type: 'dialog',
            header: 'Andere Inhalte verweisen auf dieses Dokument',
            onClose: close,
            footer,
            content: (
              <Stack gap={4} data-testid="safe-removal-dialog">
                <Text size={1} weight="semibold">
                  {referrersHeadline(step.referrers, step.total, props.type, labels)}
                </Text>
                <ReferrerList referrers={step.referrers} onOpen={close} />
                <Box>
                  <Stack gap={3}>
                    <Text size={1} weight="semibold">
                      Was auf der Website passiert
                    </Text>
                    {consequences(removal, props.type, labels).map((line) => (
                      <Text key={line} size={1}>
                        {line}
                      </Text>
                    ))}
                  </Stack>
                </Box>
              </Stack>
            ),
          },
        };
      }
      if (step.kind === 'error') {
        return {
          ...original,
          onHandle,
          dialog: {
            type: 'dialog',
            header: 'Verweise konnten nicht geprüft werden',
            onClose: close,
            footer,
            content: (
              <Text size={1}>
                Ob andere veröffentlichte Inhalte auf dieses Dokument verweisen, ließ sich gerade nicht prüfen (keine Verbindung). Versuchen Sie es gleich noch einmal, oder fahren Sie
                fort: Sanity zeigt im nächsten Schritt selbst die Dokumente, die darauf verweisen.
              </Text>
            ),
          },
        };
      }
      return { ...original, onHandle, disabled: original.disabled || step.kind === 'checking' };
    }, [original, step, onHandle, close, goOn, labels, props.type]);
  };
  Safe.action = Original.action;
  Safe.displayName = `Safe${Original.displayName ?? removal}`;
  return Safe;
}

const cache = new WeakMap<DocumentActionComponent, DocumentActionComponent>();

/** The document actions with `unpublish` and `delete` replaced by their safe versions. */
export function withSafeRemoval(actions: DocumentActionComponent[]): DocumentActionComponent[] {
  return actions.map((action) => {
    if (action.action !== 'unpublish' && action.action !== 'delete') return action;
    // The same wrapper every time: a new component per call would remount the action's state.
    let safe = cache.get(action);
    if (!safe) cache.set(action, (safe = guarded(action, action.action)));
    return safe;
  });
}
