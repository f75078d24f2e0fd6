// Offline validation of documents with the Studio's own rules.
//
// `sanity documents validate` needs a login and the network for reference and slug checks, so
// this runs sanity's real `validateDocument` in-process instead: the compiled schema comes from
// studio/sanity.config.ts, messages come from the German locale the Studio uses, and the client
// that custom validators and slug checks query is a stand-in that runs the same GROQ with
// groq-js (Sanity's own engine) over the documents being validated.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, parse } from 'groq-js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTENT_DIR = path.join(ROOT, 'content');
export const DATASET_FILE = path.join(CONTENT_DIR, 'dataset.ndjson');

export interface Doc {
  _id: string;
  _type: string;
  [key: string]: unknown;
}

export interface Problem {
  id: string;
  type: string;
  level: 'error' | 'warning' | 'info';
  path: string;
  message: string;
}

export function readNdjson(file: string): Doc[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Doc);
}

/**
 * What `sanity dataset import` does with `_sanityAsset`: upload the file and put a reference to
 * the asset in its place. Asset ids here are derived from the file's sha1 like Sanity's; a
 * missing file leaves no asset, which the schema reports as a missing image.
 */
export function resolveImportAssets(value: unknown, assetIds: Set<string>, baseDir = CONTENT_DIR): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveImportAssets(item, assetIds, baseDir));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '_sanityAsset' && typeof child === 'string') {
      const match = /^(image|file)@file:\/\/(.+)$/.exec(child);
      const file = match ? path.resolve(baseDir, match[2]) : undefined;
      if (match && file && existsSync(file)) {
        const sha1 = createHash('sha1').update(readFileSync(file)).digest('hex');
        const ext = path.extname(file).slice(1).toLowerCase();
        const id = `${match[1]}-${sha1}-${match[1] === 'image' ? '1x1-' : ''}${ext}`;
        assetIds.add(id);
        out.asset = { _type: 'reference', _ref: id };
      }
      continue;
    }
    out[key] = resolveImportAssets(child, assetIds, baseDir);
  }
  return out;
}

/** A minimal Sanity client: GROQ over an in-memory dataset, every perspective is `raw`. */
export function createStandInClient(documents: Doc[]) {
  const fetch = async (query: string, params: Record<string, unknown> = {}) => {
    const tree = parse(query, { params });
    const result = await evaluate(tree, { dataset: documents, params });
    return result.get();
  };
  const client: any = {
    config: () => ({ projectId: 'offline', dataset: 'offline', apiVersion: '2025-02-19' }),
    withConfig: () => client,
    fetch,
    getDataUrl: (operation: string, uri = '') => `/data/${operation}/offline/${uri}`,
    observable: {
      fetch: (query: string, params?: Record<string, unknown>) => {
        // Lazily import rxjs (a dependency of sanity) only if a validator asks for observables.
        return import('rxjs').then(({ from }) => from(fetch(query, params)));
      },
      request: () => {
        throw new Error('Der Offline-Client unterstützt keine HTTP-Anfragen.');
      },
    },
  };
  return client;
}

type TFunction = (key: string, options?: Record<string, unknown>) => string;

/** The German validation messages the Studio shows (from @sanity/locale-de-de). */
export async function createGermanLocaleSource() {
  const { deDELocale } = await import('@sanity/locale-de-de');
  const plugin = deDELocale() as any;
  const bundle = plugin.i18n.locales[0].bundles.find((b: any) => b.namespace === 'validation');
  const loaded = await bundle.resources();
  const resources: Record<string, string> = loaded.default ?? loaded;
  const t: TFunction = (key, options = {}) => {
    const bare = key.replace(/^validation:/, '');
    const template = resources[bare] ?? bare;
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(options[name] ?? ''));
  };
  return { currentLocale: { id: 'de-DE' }, loadNamespaces: async () => {}, t };
}

export async function loadStudioSchema() {
  const config = (await import('../../studio/sanity.config.ts')).default as any;
  const { createSchema } = await import('sanity');
  return createSchema({ name: config.name, types: config.schema.types });
}

function formatPath(segments: unknown[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'string') return index === 0 ? segment : `.${segment}`;
      if (typeof segment === 'number') return `[${segment}]`;
      if (segment && typeof segment === 'object' && '_key' in segment)
        return `[_key=="${(segment as { _key: string })._key}"]`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

/**
 * Validates `documents` with the Studio's schema. `context` is the dataset the reference and
 * uniqueness checks see (defaults to the documents themselves).
 */
export async function validateWithStudioRules(
  documents: Doc[],
  context: Doc[] = documents,
): Promise<Problem[]> {
  const { validateDocument } = await import('sanity');
  const schema = await loadStudioSchema();
  const i18n = await createGermanLocaleSource();
  const assetIds = new Set<string>();
  const resolvedContext = context.map((doc) => resolveImportAssets(doc, assetIds) as Doc);
  const byId = new Map(resolvedContext.map((doc) => [doc._id, doc]));
  const client = createStandInClient(resolvedContext);
  const existing = new Set([...byId.keys(), ...assetIds]);
  const problems: Problem[] = [];
  for (const original of documents) {
    const document = (byId.get(original._id) ?? resolveImportAssets(original, assetIds)) as Doc;
    const run = (environment: 'studio' | 'cli') =>
      validateDocument({
        document: document as any,
        workspace: { schema, i18n, getClient: () => client } as any,
        getDocumentExists: async ({ id }: { id: string }) => existing.has(id) || existing.has(`drafts.${id}`),
        environment,
      } as any) as Promise<any[]>;
    // Levels and messages exactly as the Studio shows them. (In the `cli` environment sanity
    // appends an unknown-fields check to each object rule and marks the combined rule as a
    // warning, which would downgrade object-level errors.)
    for (const marker of await run('studio')) {
      problems.push({
        id: document._id,
        type: document._type,
        level: marker.level,
        path: formatPath(marker.path ?? []),
        message: marker.message ?? marker.item?.message,
      });
    }
    // The `cli` run adds what the Studio only shows as "unknown field": data the schema does not
    // describe. For an embedded dataset that must match the schema, that is an error.
    for (const marker of await run('cli')) {
      if (marker.code !== 'object.unknown-field') continue;
      const field = marker.details?.fieldName ?? '?';
      problems.push({
        id: document._id,
        type: document._type,
        level: 'error',
        path: formatPath(marker.path ?? []),
        message: `Das Feld „${field}“ gibt es im Schema von „${marker.details?.typeName ?? document._type}“ nicht. Bitte Feldnamen prüfen oder das Feld im Schema ergänzen.`,
      });
    }
  }
  return problems;
}

export function formatProblems(problems: Problem[]): string {
  return problems
    .map((p) => `${p.level.toUpperCase()} ${p.id} › ${p.path || '(Dokument)'}: ${p.message}`)
    .join('\n');
}
