// What every action handler of POST /data/actions uses: the action's shape, its failure in the
// Content Lake's error format, and mutations whose failure is reported as the action's.
import { itemError, LakeError } from './errors.ts';
import { applyMutation, type Doc, type MutationResult, type QueryIds, type WorkingSet } from './mutations.ts';

export interface Action {
  actionType: string;
  [field: string]: unknown;
}

/** The last stored revision of a document, from the transaction log (unarchiving a release restores its versions with it). */
export type LastRevision = (id: string) => Doc | undefined;

export type ActionHandler = (set: WorkingSet, action: Action, index: number, queryIds: QueryIds, lastRevision?: LastRevision) => Promise<MutationResult[]>;

export function fail(index: number, type: string, description: string, status = 409): never {
  throw itemError(status, 'actionError', index, type, description);
}

export function stringField(action: Action, field: string, index: number): string {
  const value = action[field];
  if (typeof value !== 'string' || value === '') fail(index, 'validationError', `${action.actionType} needs "${field}".`, 400);
  return value;
}

/** Mutation failures inside an action are reported as that action's failure. */
export async function mutate(
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

export function withoutSystemFields(doc: Doc, id: string): Doc {
  const { _rev, _updatedAt, _originalId, ...rest } = doc;
  return { ...rest, _id: id };
}
