// The GROQ filter and projection of the site's publish webhook: the values the README tells
// editors to enter at sanity.io/manage, and what the local lake's webhook uses, so the local
// loop runs the production path. One place, built from the types the site renders.
import { RENDERED_TYPES } from '../../src/lib/publish/webhook.ts';

export const WEBHOOK_FILTER = `_type in [${RENDERED_TYPES.map((type) => `"${type}"`).join(', ')}] && !(_id in path("drafts.**"))`;

export const WEBHOOK_PROJECTION = '{_id, _type, _rev, "operation": delta::operation()}';
