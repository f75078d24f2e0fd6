// Webhooks like Sanity's: after every transaction, each changed document that passes the
// webhook's GROQ filter (evaluated on the document after the change, or before it for a
// delete) is projected with delta functions (`delta::operation()`) and POSTed, signed with the
// `sanity-webhook-signature` header (t=<ms>,v1=<HMAC>), with Sanity's delivery headers. A
// failed delivery is retried a few times with growing pauses, as Sanity does. Drafts and release
// versions never trigger it: Sanity's webhooks leave them out unless "Trigger on drafts" or
// "… versions" is switched on, which this project's webhook does not use. A published release
// therefore sends one webhook per published document.
import { evaluate, parse } from 'groq-js';
import { signBody, SIGNATURE_HEADER } from '../../core/publish/signature.ts';
import { isDraftOrVersionId } from '../../core/sanity/ids.ts';
import type { Doc } from './mutations.ts';
import type { CommittedTransaction, DocumentChange } from './store.ts';

export interface WebhookOptions {
  /** The receiver; a function when it is only known after the lake has started. */
  url: string | (() => string);
  secret: string;
  filter: string;
  projection: string;
  projectId: string;
  dataset: string;
  /** Pauses before the retries of a failed delivery. */
  retryDelaysMs?: number[];
  log?: (event: Record<string, unknown>) => void;
}

export interface Delivery {
  documentId: string;
  operation: 'create' | 'update' | 'delete';
  status: number | null;
  error?: string;
}

function operationOf(change: DocumentChange): Delivery['operation'] {
  if (!change.before) return 'create';
  if (!change.after) return 'delete';
  return 'update';
}

async function evaluateDelta(query: string, document: Doc, change: DocumentChange): Promise<unknown> {
  const tree = parse(query, { mode: 'delta' });
  const value = await evaluate(tree, { root: document, dataset: [document], before: change.before, after: change.after });
  return value.get();
}

/** The body Sanity would send for one change, or undefined when the filter rejects it. */
export async function webhookBody(
  change: DocumentChange,
  filter: string,
  projection: string,
): Promise<Record<string, unknown> | undefined> {
  const document = change.after ?? change.before;
  if (!document) return undefined;
  const passes = await evaluateDelta(`*[${filter}]`, document, change);
  if (!Array.isArray(passes) || passes.length === 0) return undefined;
  const projected = await evaluateDelta(`*[0]${projection}`, document, change);
  return projected && typeof projected === 'object' ? (projected as Record<string, unknown>) : undefined;
}

export function createWebhookSender(options: WebhookOptions) {
  const delays = options.retryDelaysMs ?? [1000, 5000, 15000];
  const log = options.log ?? (() => undefined);
  const inFlight = new Set<Promise<Delivery>>();

  async function deliver(change: DocumentChange, transaction: CommittedTransaction, body: Record<string, unknown>): Promise<Delivery> {
    const operation = operationOf(change);
    const raw = JSON.stringify(body);
    const idempotencyKey = `${transaction.record.id}#${change.id}`;
    const url = typeof options.url === 'function' ? options.url() : options.url;
    let last: Delivery = { documentId: change.id, operation, status: null };
    for (let attempt = 0; attempt <= delays.length; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: await signBody(raw, options.secret),
            'idempotency-key': idempotencyKey,
            'sanity-project-id': options.projectId,
            'sanity-dataset': options.dataset,
            'sanity-document-id': change.id,
            'sanity-operation': operation,
            'sanity-transaction-id': transaction.record.id,
            'sanity-transaction-time': transaction.record.timestamp,
            'sanity-webhook-id': 'ksp-local-lake',
          },
          body: raw,
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        last = { documentId: change.id, operation, status: response.status };
        // Like Sanity: only server errors and network failures are retried.
        if (response.status < 500) break;
      } catch (error) {
        last = { documentId: change.id, operation, status: null, error: (error as Error).message };
      }
    }
    log({ event: 'webhook', url, ...last, transaction: transaction.record.id });
    return last;
  }

  return {
    /** Sends the webhooks of one committed transaction (in the background); resolves with their deliveries. */
    async send(transaction: CommittedTransaction): Promise<Delivery[]> {
      const started: Promise<Delivery>[] = [];
      for (const change of transaction.changes) {
        if (isDraftOrVersionId(change.id)) continue;
        const body = await webhookBody(change, options.filter, options.projection);
        if (!body) continue;
        const delivery = deliver(change, transaction, body);
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
        started.push(delivery);
      }
      return Promise.all(started);
    },
    /** Waits for deliveries in flight (for a clean shutdown). */
    async idle(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
  };
}
