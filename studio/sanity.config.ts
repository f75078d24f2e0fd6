import { defineConfig } from 'sanity';
import { presentationTool } from 'sanity/presentation';
import { structureTool } from 'sanity/structure';
import { deDELocale } from '@sanity/locale-de-de';
import { apiHost, dataset, loginMethod, previewOrigins, previewUrl, projectId, releasesEnabled, siteUrl } from './env';
import { locations } from './presentation/locations';
import { mainDocuments } from './presentation/routes';
import { publishing } from './publishing';
import { schemaTypes } from './schemaTypes';
import { FEEDBACK_TARGET_TYPES, HIDDEN_TYPES, SINGLETON_TYPES } from './schemaTypes/constants';
import { FeedbackBadge } from './components/feedback/FeedbackBadge';
import { defaultDocumentNode, structure } from './structure';

// Singletons exist exactly once under a fixed id: editors may edit and publish them, never
// create a second one, duplicate or delete them.
const SINGLETON_ACTIONS = new Set(['publish', 'discardChanges', 'restore']);
// Feedback comes from the website: editors change its status or delete it, never create or copy it.
const FEEDBACK_ACTIONS = new Set(['delete']);
/** Types editors never create themselves. */
const NOT_CREATABLE = new Set([...SINGLETON_TYPES, ...HIDDEN_TYPES, 'feedback']);
const FEEDBACK_TARGETS = new Set<string>(FEEDBACK_TARGET_TYPES);

export default defineConfig({
  name: 'default',
  title: 'Kassel Service Point',
  projectId,
  dataset,
  // Both come from the environment (studio/env.ts): unset for Sanity's hosted API; the local
  // Content Lake of `npm start` serves the Studio and the API from one origin and offers one
  // login provider, so the Studio signs in without a login screen.
  ...(apiHost ? { apiHost } : {}),
  auth: { redirectOnSingle: true, ...(loginMethod ? { loginMethod } : {}) },
  // Releases and scheduled drafts only where the project's plan has them (SANITY_STUDIO_RELEASES,
  // studio/env.ts). The older Scheduled Publishing plugin (Sanity's /schedules API), which
  // scheduled drafts replace, stays off: neither the local lake nor this project uses it.
  releases: { enabled: releasesEnabled },
  scheduledDrafts: { enabled: releasesEnabled },
  scheduledPublishing: { enabled: false },
  plugins: [
    structureTool({ structure, defaultDocumentNode, title: 'Inhalte' }),
    // The preview: the site's own pages rendered from the drafts (src/preview/), entered through
    // the Studio's handshake (a secret stored in the dataset for one hour).
    presentationTool({
      title: 'Vorschau',
      previewUrl: { initial: previewUrl, previewMode: { enable: '/preview/enable', disable: '/preview/disable' } },
      allowOrigins: previewOrigins,
      resolve: { mainDocuments, locations },
    }),
    publishing({ siteUrl }),
    deDELocale(),
  ],
  schema: {
    types: schemaTypes,
    // The "new document" templates exclude singletons, feedback and tool-written types, so
    // "Neues Dokument" never offers them.
    templates: (templates) => templates.filter(({ schemaType }) => !NOT_CREATABLE.has(schemaType)),
  },
  document: {
    newDocumentOptions: (options) => options.filter((item) => !NOT_CREATABLE.has(item.templateId)),
    actions: (actions, { schemaType }) => {
      if (SINGLETON_TYPES.has(schemaType)) return actions.filter(({ action }) => action !== undefined && SINGLETON_ACTIONS.has(action));
      if (schemaType === 'feedback') return actions.filter(({ action }) => action !== undefined && FEEDBACK_ACTIONS.has(action));
      return actions;
    },
    badges: (badges, { schemaType }) => (FEEDBACK_TARGETS.has(schemaType) ? [...badges, FeedbackBadge] : badges),
  },
});
