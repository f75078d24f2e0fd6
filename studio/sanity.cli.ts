import { defineCliConfig } from 'sanity/cli';
import { dataset, isOfflinePlaceholder, missingProjectIdMessage, projectId } from './env';

// Commands that talk to the real project. Without SANITY_STUDIO_PROJECT_ID they would fail
// later with an opaque network or auth error, so stop here with a message that names the
// variable. Offline commands (build, schema validate/extract, typegen) use the placeholder id.
const NEEDS_PROJECT = new Set([
  'dev',
  'start',
  'preview',
  'deploy',
  'undeploy',
  'dataset',
  'documents',
  'graphql',
  'cors',
  'users',
  'tokens',
  'hook',
  'exec',
  'manage',
  'backup',
]);

// The CLI loads this file in its main process (argv holds the command) and again in worker
// threads (argv holds no command); only the main process decides.
const [command, subcommand] = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
// `schema validate|extract` work offline; `schema deploy|list|delete` talk to the project.
const needsProject =
  (command !== undefined && NEEDS_PROJECT.has(command)) ||
  (command === 'schema' && ['deploy', 'list', 'delete'].includes(subcommand ?? ''));
if (isOfflinePlaceholder && needsProject) {
  console.error(`\n${missingProjectIdMessage}\n`);
  process.exit(1);
}
if (isOfflinePlaceholder && command === 'build') {
  console.warn(
    `Hinweis: Build ohne SANITY_STUDIO_PROJECT_ID – das Studio nutzt die Platzhalter-ID „${projectId}“ und kann sich mit keinem Projekt verbinden (für Tests gedacht; für den Betrieb die Variable setzen).\n` +
      `Note: building without SANITY_STUDIO_PROJECT_ID – the Studio uses the placeholder id "${projectId}" and cannot connect to any project (fine for tests; set the variable for real use).`,
  );
}

export default defineCliConfig({
  api: { projectId, dataset },
  // Studio URL and auto-updates are decided by the deploy pipeline, not by the CLI.
  deployment: { autoUpdates: false },
  // The site's queries live with their content types (src/content-types/<type>/content.ts); their
  // result types and the schema types go to src/lib/sanity/. KSP_TYPEGEN_SCHEMA / KSP_TYPEGEN_OUT redirect input and output
  // (paths relative to studio/) so the staleness test can regenerate into a temp directory.
  typegen: {
    path: '../src/content-types/*/content.ts',
    schema: process.env.KSP_TYPEGEN_SCHEMA || 'schema.json',
    generates: process.env.KSP_TYPEGEN_OUT || '../core/sanity/sanity.types.ts',
    overloadClientMethods: false,
  },
});
