// Document actions (POST /data/actions/<dataset>), which this Studio version uses for every
// edit, publish, unpublish, discard and delete. Each action becomes mutations on the working
// set with the Content Lake's rules: editing a published document without a draft first copies
// it into a draft; publishing moves the draft onto the published id; unpublishing keeps the
// content as a draft. The actions of one request are one transaction.
import { itemError, LakeError } from './errors.ts';
import { draftIdOf, isDraftOrVersionId, publishedIdOf } from '../../core/sanity/ids.ts';
import { applyMutation, type Doc, type MutationResult, type PatchBody, type QueryIds, type WorkingSet } from './mutations.ts';

export interface Action {
  actionType: string;
  [field: string]: unknown;
}

function fail(index: number, type: string, description: string, status = 409): never {
  throw itemError(status, 'actionError', index, type, description);
}

function stringField(action: Action, field: string, index: number): string {
  const value = action[field];
  if (typeof value !== 'string' || value === '') fail(index, 'validationError', `${action.actionType} needs "${field}".`, 400);
  return value;
}

/** Mutation failures inside an action are reported as that action's failure. */
async function mutate(
  set: WorkingSet,
  mutation: Parameters<typeof applyMutation>[1],
  index: number,
  queryIds: QueryIds,
): Promise<MutationResult[]> {
  try {
    return await applyMutation(set, mutation, index, queryIds);
  } catch (error) {
    if (error instanceof LakeError) {
      const description = error.items[0]?.error.description ?? error.message;
      fail(index, error.items[0]?.error.type ?? 'actionError', description, error.status);
    }
    throw error;
  }
}

function withoutSystemFields(doc: Doc, id: string): Doc {
  const { _rev, _updatedAt, _originalId, ...rest } = doc;
  return { ...rest, _id: id };
}

function checkPair(draftId: string, publishedId: string, index: number): void {
  if (!isDraftOrVersionId(draftId)) fail(index, 'validationError', `"${draftId}" is not a draft id (drafts.<id>).`, 400);
  if (publishedIdOf(draftId) !== publishedId)
    fail(index, 'validationError', `Draft "${draftId}" does not belong to "${publishedId}".`, 400);
}

const ACTIONS: Record<string, (set: WorkingSet, action: Action, index: number, queryIds: QueryIds) => Promise<MutationResult[]>> = {
  async 'sanity.action.document.create'(set, action, index, queryIds) {
    const publishedId = stringField(action, 'publishedId', index);
    const attributes = action.attributes as Doc | undefined;
    if (!attributes || typeof attributes !== 'object')
      fail(index, 'validationError', 'sanity.action.document.create needs "attributes".', 400);
    const id = typeof attributes._id === 'string' ? attributes._id : draftIdOf(publishedId);
    checkPair(id, publishedId, index);
    if (set.get(id)) {
      if (action.ifExists === 'ignore') return [{ id, operation: 'none' }];
      fail(index, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`);
    }
    return mutate(set, { create: { ...attributes, _id: id } }, index, queryIds);
  },

  async 'sanity.action.document.edit'(set, action, index, queryIds) {
    const draftId = stringField(action, 'draftId', index);
    const publishedId = stringField(action, 'publishedId', index);
    checkPair(draftId, publishedId, index);
    const patch = (action.patch ?? {}) as PatchBody;
    if (!set.get(draftId)) {
      const published = set.get(publishedId);
      if (!published)
        fail(index, 'documentNotFoundError', `Cannot edit "${publishedId}": it has neither a draft nor a published version.`, 404);
      await mutate(set, { createIfNotExists: withoutSystemFields(published, draftId) }, index, queryIds);
    }
    return mutate(set, { patch: { ...patch, id: draftId } }, index, queryIds);
  },

  async 'sanity.action.document.replace'(set, action, index, queryIds) {
    const draftId = stringField(action, 'draftId', index);
    const attributes = action.attributes as Doc | undefined;
    if (!attributes || typeof attributes !== 'object')
      fail(index, 'validationError', 'sanity.action.document.replace needs "attributes".', 400);
    return mutate(set, { createOrReplace: { ...attributes, _id: draftId } }, index, queryIds);
  },

  async 'sanity.action.document.publish'(set, action, index, queryIds) {
    const draftId = stringField(action, 'draftId', index);
    const publishedId = stringField(action, 'publishedId', index);
    checkPair(draftId, publishedId, index);
    const draft = set.get(draftId);
    const published = set.get(publishedId);
    if (!draft)
      fail(index, 'documentNotFoundError', `Cannot publish "${publishedId}": there is no draft "${draftId}" (nothing to publish).`);
    if (typeof action.ifDraftRevisionId === 'string' && draft._rev !== action.ifDraftRevisionId)
      fail(
        index,
        'conflictError',
        `The draft "${draftId}" changed meanwhile (revision "${String(draft._rev)}", expected "${action.ifDraftRevisionId}").`,
      );
    if (typeof action.ifPublishedRevisionId === 'string' && published?._rev !== action.ifPublishedRevisionId)
      fail(
        index,
        'conflictError',
        `The published document "${publishedId}" changed meanwhile (revision "${String(published?._rev)}", expected "${action.ifPublishedRevisionId}").`,
      );
    const content = withoutSystemFields(draft, publishedId);
    if (published?._createdAt) content._createdAt = published._createdAt;
    const results = await mutate(set, { createOrReplace: content }, index, queryIds);
    await mutate(set, { delete: { id: draftId } }, index, queryIds);
    return results;
  },

  async 'sanity.action.document.unpublish'(set, action, index, queryIds) {
    const draftId = stringField(action, 'draftId', index);
    const publishedId = stringField(action, 'publishedId', index);
    checkPair(draftId, publishedId, index);
    const published = set.get(publishedId);
    if (!published) fail(index, 'documentNotFoundError', `Cannot unpublish "${publishedId}": it is not published.`);
    // The content stays as a draft, so nothing an editor wrote is lost.
    if (!set.get(draftId)) await mutate(set, { create: withoutSystemFields(published, draftId) }, index, queryIds);
    return mutate(set, { delete: { id: publishedId } }, index, queryIds);
  },

  async 'sanity.action.document.discard'(set, action, index, queryIds) {
    const draftId = stringField(action, 'draftId', index);
    if (!set.get(draftId)) fail(index, 'documentNotFoundError', `Cannot discard "${draftId}": there is no such draft.`);
    return mutate(set, { delete: { id: draftId } }, index, queryIds);
  },

  async 'sanity.action.document.delete'(set, action, index, queryIds) {
    const publishedId = stringField(action, 'publishedId', index);
    const drafts = Array.isArray(action.includeDrafts) ? action.includeDrafts.filter((id): id is string => typeof id === 'string') : [];
    const ids = [publishedId, draftIdOf(publishedId), ...drafts];
    return mutate(set, { delete: { id: [...new Set(ids)] } }, index, queryIds);
  },

  async 'sanity.action.document.version.create'(set, action, index, queryIds) {
    const document = action.document as Doc | undefined;
    if (!document || typeof document._id !== 'string')
      fail(index, 'validationError', 'sanity.action.document.version.create needs "document" with an _id.', 400);
    return mutate(set, { create: document }, index, queryIds);
  },

  async 'sanity.action.document.version.discard'(set, action, index, queryIds) {
    const versionId = stringField(action, 'versionId', index);
    return mutate(set, { delete: { id: versionId } }, index, queryIds);
  },

  async 'sanity.action.document.version.replace'(set, action, index, queryIds) {
    const document = action.document as Doc | undefined;
    if (!document || typeof document._id !== 'string')
      fail(index, 'validationError', 'sanity.action.document.version.replace needs "document" with an _id.', 400);
    return mutate(set, { createOrReplace: document }, index, queryIds);
  },
};

export const SUPPORTED_ACTIONS = Object.keys(ACTIONS);

export async function applyActions(set: WorkingSet, actions: Action[], queryIds: QueryIds): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const [index, action] of actions.entries()) {
    const run = ACTIONS[action?.actionType];
    if (!run) {
      throw new LakeError(
        501,
        'actionError',
        `The local Content Lake does not implement the action "${String(action?.actionType)}". Supported: ${SUPPORTED_ACTIONS.join(', ')}.`,
      );
    }
    results.push(...(await run(set, action, index, queryIds)));
  }
  return results;
}
