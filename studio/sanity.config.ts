import { defineConfig } from 'sanity';
import { presentationTool } from 'sanity/presentation';
import { structureTool } from 'sanity/structure';
import { deDELocale } from '@sanity/locale-de-de';
import { apiHost, dataset, loginMethod, previewOrigins, previewUrl, projectId } from './env';
import { locations } from './presentation/locations';
import { mainDocuments } from './presentation/routes';
import { schemaTypes } from './schemaTypes';
import { SINGLETON_TYPES } from './schemaTypes/constants';
import { structure } from './structure';

// Singletons exist exactly once under a fixed id: editors may edit and publish them, never
// create a second one, duplicate or delete them.
const SINGLETON_ACTIONS = new Set(['publish', 'discardChanges', 'restore']);

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
  plugins: [
    structureTool({ structure, title: 'Inhalte' }),
    // The preview: the site's own pages rendered from the drafts (src/preview/), entered through
    // the Studio's handshake (a secret stored in the dataset for one hour).
    presentationTool({
      title: 'Vorschau',
      previewUrl: { initial: previewUrl, previewMode: { enable: '/preview/enable', disable: '/preview/disable' } },
      allowOrigins: previewOrigins,
      resolve: { mainDocuments, locations },
    }),
    deDELocale(),
  ],
  schema: {
    types: schemaTypes,
    // The "new document" templates exclude singletons, so "Neues Dokument" never offers them.
    templates: (templates) => templates.filter(({ schemaType }) => !SINGLETON_TYPES.has(schemaType)),
  },
  document: {
    newDocumentOptions: (options) => options.filter((item) => !SINGLETON_TYPES.has(item.templateId)),
    actions: (actions, { schemaType }) =>
      SINGLETON_TYPES.has(schemaType)
        ? actions.filter(({ action }) => action !== undefined && SINGLETON_ACTIONS.has(action))
        : actions,
  },
});
