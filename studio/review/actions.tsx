// The document actions of review dates: the publish action fills an empty "Nächste Prüfung" with
// a year from today before publishing, and "Geprüft – weiter in 12 Monaten" records a review.
import { CheckmarkCircleIcon } from '@sanity/icons/CheckmarkCircle';
import { useToast } from '@sanity/ui/toast';
import { useEffect, useState } from 'react';
import { useClient, useDocumentOperation, type DocumentActionComponent, type DocumentActionProps } from 'sanity';
import { formatGermanDate } from '../../core/review/dates';
import { REVIEW_INTERVAL_MONTHS } from '../../core/review/model';
import { API_VERSION } from '../schemaTypes/constants';
import { nextReviewDefault } from '../schemaTypes/review';
import { markReviewed } from './mark-reviewed';

export const REVIEWED_LABEL = `Geprüft – weiter in ${REVIEW_INTERVAL_MONTHS} Monaten`;

/**
 * Sanity's own publish action, with the default review date set first when the draft has none.
 * The date is patched into the draft, and the original action runs once the draft shows it, so
 * Sanity's own flow (validation, waiting for the sync, the publish) stays as it is.
 */
export function withReviewDate(original: DocumentActionComponent): DocumentActionComponent {
  function PublishWithReviewDate(props: DocumentActionProps) {
    const result = original(props);
    const { patch } = useDocumentOperation(props.id, props.type);
    const [waiting, setWaiting] = useState(false);
    const dated = typeof props.draft?.nextReview === 'string' && props.draft.nextReview !== '';
    useEffect(() => {
      if (!waiting || !dated) return;
      setWaiting(false);
      result?.onHandle?.();
    }, [waiting, dated, result]);
    if (!result) return null;
    return {
      ...result,
      disabled: result.disabled || waiting,
      onHandle: () => {
        if (props.draft && !dated) {
          patch.execute([{ setIfMissing: { nextReview: nextReviewDefault() } }]);
          setWaiting(true);
          return;
        }
        result.onHandle?.();
      },
    };
  }
  PublishWithReviewDate.action = original.action;
  PublishWithReviewDate.displayName = 'PublishWithReviewDate';
  return PublishWithReviewDate;
}

export const MarkReviewedAction: DocumentActionComponent = (props) => {
  const client = useClient({ apiVersion: API_VERSION });
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  if (!props.published) return null;
  const title = String((props.published.title as { de?: string } | undefined)?.de ?? props.published.name ?? 'Dokument');
  return {
    label: REVIEWED_LABEL,
    icon: CheckmarkCircleIcon,
    title: 'Bestätigt, dass die veröffentlichten Angaben geprüft sind, und setzt die nächste Prüfung auf heute in 12 Monaten.',
    disabled: busy,
    onHandle: () => {
      setBusy(true);
      markReviewed(client, { _id: props.id, _type: props.type })
        .then((next) => toast.push({ status: 'success', title: `„${title}“ geprüft`, description: `Nächste Prüfung am ${formatGermanDate(next)}.` }))
        .catch(() => toast.push({ status: 'error', title: 'Die Prüfung konnte nicht gespeichert werden.', description: 'Bitte versuchen Sie es noch einmal.' }))
        .finally(() => {
          setBusy(false);
          props.onComplete();
        });
    },
  };
};
MarkReviewedAction.displayName = 'MarkReviewedAction';
