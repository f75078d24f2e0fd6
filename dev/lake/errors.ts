// Errors in the shape the Content Lake answers with, so @sanity/client and the Studio show
// their message: `{error: {type, description, items?}}` with the HTTP status.

export interface LakeErrorItem {
  error: { type: string; description: string; id?: string };
  index: number;
}

export class LakeError extends Error {
  override name = 'LakeError';
  readonly status: number;
  readonly type: string;
  readonly items: LakeErrorItem[];
  constructor(status: number, type: string, description: string, items: LakeErrorItem[] = []) {
    super(description);
    this.status = status;
    this.type = type;
    this.items = items;
  }

  get body(): { error: { type: string; description: string; items?: LakeErrorItem[] }; statusCode: number } {
    return {
      error: { type: this.type, description: this.message, ...(this.items.length > 0 ? { items: this.items } : {}) },
      statusCode: this.status,
    };
  }
}

/** One failed mutation or action of a transaction; the whole transaction is rolled back. */
export function itemError(
  status: number,
  kind: 'mutationError' | 'actionError',
  index: number,
  type: string,
  description: string,
  id?: string,
): LakeError {
  const noun = kind === 'mutationError' ? 'mutation(s)' : 'action(s)';
  return new LakeError(status, kind, `The ${noun} failed: ${description}`, [
    { error: { type, description, ...(id ? { id } : {}) }, index },
  ]);
}
