// Run by src/build/build-site.ts in the build's environment: one fast publish into --out
// (src/build/fast-publish.ts), its result as JSON into --result. Exits 1 with the reason when the
// fast path is not possible; the caller then runs `astro build`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fastPublish } from '../src/build/fast-publish.ts';
import { siteIntegrations } from '../src/integrations/site.ts';
import { readBuildConfig } from '../src/lib/build-config.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, result: { type: 'string' }, inputs: { type: 'string' } } });
const settings = readBuildConfig(process.env);
if (!values.out || !values.result || !values.inputs || !settings.buildCacheDir) {
  console.error('Usage: KSP_BUILD_CACHE=<dir> node scripts/fast-publish.ts --out <dir> --result <file> --inputs <digest>');
  process.exit(2);
}
try {
  const result = await fastPublish({
    root: path.resolve(import.meta.dirname, '..'),
    cacheDir: settings.buildCacheDir,
    inputs: values.inputs,
    outDir: path.resolve(values.out),
    siteUrl: settings.siteUrl,
    integrations: siteIntegrations(settings),
  });
  await writeFile(values.result, JSON.stringify(result));
} catch (error) {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
}
