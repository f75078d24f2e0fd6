// Document actions (POST /data/actions/<dataset>), which this Studio version uses for every
// edit, publish, unpublish, discard and delete. Each action becomes mutations on the working
// set with the Content Lake's rules: editing a published document without a draft first copies
// it into a draft; publishing moves the draft onto the published id; unpublishing keeps the
// content as a draft. The actions of one request are one transaction.
import { LakeError } from './errors.ts';
import { draftIdOf, isDraftOrVersionId, isVersionId, publishedIdOf } from '../../core/sanity/ids.ts';
import { fail, mutate, stringField, withoutSystemFields, type Action, type ActionHandler, type LastRevision } from './action-kit.ts';
import type { Doc, MutationResult, PatchBody, QueryIds, WorkingSet } from './mutations.ts';
import { assertReleaseOpen, assertUnlocked, RELEASE_ACTIONS } from './releases.ts';

export type { Action } from './action-kit.ts';

function checkPair(draftId: string, publishedId: string, index: number): void {
  if (!isDraftOrVersionId(draftId)) fail(index, 'validationError', `"${draftId}" is not a draft id (drafts.<id>).`, 400);
  if (publishedIdOf(draftId) !== publishedId)
    fail(index, 'validationError', `Draft "${draftId}" does not belong to "${publishedId}".`, 400);
}

const ACTIONS: Record<string, ActionHandler> = {
  ...RELEASE_ACTIONS,
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

  // A version of a document in a release (or its draft): either the document as given, or a copy
  // of `baseId` (the Studio's "add to release"), which must still have `ifBaseRevisionId`.
  async 'sanity.action.document.version.create'(set, action, index, queryIds) {
    const document = action.document as Doc | undefined;
    if (document !== undefined && (!document || typeof document._id !== 'string'))
      fail(index, 'validationError', 'sanity.action.document.version.create needs "document" with an _id.', 400);
    const versionId = document ? document._id : stringField(action, 'versionId', index);
    if (!isDraftOrVersionId(versionId)) fail(index, 'validationError', `"${versionId}" is not a draft or version id (drafts.<id>, versions.<release>.<id>).`, 400);
    if (typeof action.publishedId === 'string' && publishedIdOf(versionId) !== action.publishedId)
      fail(index, 'validationError', `Version "${versionId}" does not belong to "${action.publishedId}".`, 400);
    assertReleaseOpen(set, versionId, index);
    if (document) return mutate(set, { create: document }, index, queryIds);
    const baseId = stringField(action, 'baseId', index);
    const base = set.get(baseId);
    if (!base) fail(index, 'documentNotFoundError', `Cannot create "${versionId}" from "${baseId}": there is no such document.`, 404);
    if (typeof action.ifBaseRevisionId === 'string' && base._rev !== action.ifBaseRevisionId)
      fail(index, 'conflictError', `"${baseId}" changed meanwhile (revision "${String(base._rev)}", expected "${action.ifBaseRevisionId}").`);
    const { _system, ...content } = withoutSystemFields(base, versionId);
    return mutate(set, { create: content }, index, queryIds);
  },

  async 'sanity.action.document.version.discard'(set, action, index, queryIds) {
    const versionId = stringField(action, 'versionId', index);
    // Only a draft or a version can be discarded: never the published document itself.
    if (!isDraftOrVersionId(versionId)) fail(index, 'validationError', `"${versionId}" is not a draft or version id; only those can be discarded.`, 400);
    if (!set.get(versionId)) fail(index, 'documentNotFoundError', `Cannot discard "${versionId}": there is no such version.`, 404);
    return mutate(set, { delete: { id: versionId } }, index, queryIds);
  },

  async 'sanity.action.document.version.replace'(set, action, index, queryIds) {
    const document = action.document as Doc | undefined;
    if (!document || typeof document._id !== 'string')
      fail(index, 'validationError', 'sanity.action.document.version.replace needs "document" with an _id.', 400);
    if (!isDraftOrVersionId(document._id)) fail(index, 'validationError', `"${document._id}" is not a draft or version id.`, 400);
    return mutate(set, { createOrReplace: document }, index, queryIds);
  },

  // "Unpublish when the release is published": the version is marked, and the release's publish
  // removes the published document instead of replacing it.
  async 'sanity.action.document.version.unpublish'(set, action, index, queryIds) {
    const versionId = stringField(action, 'versionId', index);
    const publishedId = stringField(action, 'publishedId', index);
    if (publishedIdOf(versionId) !== publishedId || !isVersionId(versionId))
      fail(index, 'validationError', `"${versionId}" is not a release version of "${publishedId}".`, 400);
    const published = set.get(publishedId);
    if (!published) fail(index, 'documentNotFoundError', `Cannot unpublish "${publishedId}" with a release: it is not published.`);
    assertReleaseOpen(set, versionId, index);
    const version = set.get(versionId) ?? withoutSystemFields(published, versionId);
    const system = (version._system && typeof version._system === 'object' ? version._system : {}) as Record<string, unknown>;
    return mutate(set, { createOrReplace: { ...withoutSystemFields(version, versionId), _system: { ...system, delete: true } } }, index, queryIds);
  },
};

export const SUPPORTED_ACTIONS = Object.keys(ACTIONS);

export async function applyActions(set: WorkingSet, actions: Action[], queryIds: QueryIds, lastRevision?: LastRevision): Promise<MutationResult[]> {
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
    results.push(...(await run(set, action, index, queryIds, lastRevision)));
  }
  assertUnlocked(set);
  return results;
}
