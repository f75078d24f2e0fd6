import { defineConfig } from 'sanity';
import { structureTool } from 'sanity/structure';
import { deDELocale } from '@sanity/locale-de-de';
import { apiHost, dataset, loginMethod, projectId, siteUrl } from './env';
import { publishing } from './publishing';
import { schemaTypes } from './schemaTypes';
import { HIDDEN_TYPES, SINGLETON_TYPES } from './schemaTypes/constants';
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
  plugins: [structureTool({ structure, title: 'Inhalte' }), publishing({ siteUrl }), deDELocale()],
  schema: {
    types: schemaTypes,
    // The "new document" templates exclude singletons and tool-written types, so "Neues Dokument" never offers them.
    templates: (templates) => templates.filter(({ schemaType }) => !SINGLETON_TYPES.has(schemaType) && !HIDDEN_TYPES.has(schemaType)),
  },
  document: {
    newDocumentOptions: (options) => options.filter((item) => !SINGLETON_TYPES.has(item.templateId)),
    actions: (actions, { schemaType }) =>
      SINGLETON_TYPES.has(schemaType)
        ? actions.filter(({ action }) => action !== undefined && SINGLETON_ACTIONS.has(action))
        : actions,
  },
});
