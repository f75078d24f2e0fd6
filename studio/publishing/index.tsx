// The publish status in the Studio (issue "Editors know when their change is live"): a badge and,
// after a failed publish, a banner on every document the site shows, and the tool
// "Veröffentlichungen". They read the site's build manifest and build status from
// SANITY_STUDIO_SITE_URL (studio/env.ts); without it the plugin adds nothing.
import { RocketIcon } from '@sanity/icons/Rocket';
import { definePlugin } from 'sanity';
import { CONTENT_DOCUMENT_TYPES } from '../../core/registry.ts';
import { sharedPoller } from './poller';
import { createPublishBadge } from './PublishBadge';
import { createPublishStatusInput } from './PublishStatusBanner';
import { PublishingTool } from './PublishingTool';
import { createBrokenLinksBadge } from '../links/BrokenLinksBadge';

export const publishing = definePlugin<{ siteUrl: string | undefined }>(({ siteUrl }) => {
  if (!siteUrl) return { name: 'ksp-publishing' };
  const poller = sharedPoller(siteUrl);
  const types = new Set<string>(CONTENT_DOCUMENT_TYPES);
  const PublishBadge = createPublishBadge(poller);
  const BrokenLinksBadge = createBrokenLinksBadge(poller);
  return {
    name: 'ksp-publishing',
    tools: [{ name: 'veroeffentlichungen', title: 'Veröffentlichungen', icon: RocketIcon, component: () => <PublishingTool poller={poller} /> }],
    document: {
      badges: (previous, context) => (types.has(context.schemaType) ? [...previous, PublishBadge, BrokenLinksBadge] : previous),
    },
    form: { components: { input: createPublishStatusInput(poller, types) } },
  };
});
