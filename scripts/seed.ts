// `npm run seed [-- path/to/dataset.ndjson]`: writes the embedded dataset into the Sanity project
// of SANITY_PROJECT_ID / SANITY_DATASET with SANITY_WRITE_TOKEN (dev/seed.ts). Safe to run again.
import path from 'node:path';
import { readSeedEnv, seed, SeedConfigError } from '../dev/seed.ts';

try {
  const options = readSeedEnv(process.env);
  const file = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  await seed({ ...options, file });
} catch (error) {
  if (error instanceof SeedConfigError) {
    console.error(error.message);
  } else {
    const err = error as Error & { statusCode?: number; responseBody?: string };
    const status = err.statusCode ? ` (HTTP ${err.statusCode})` : '';
    const hint =
      err.statusCode === 401 || err.statusCode === 403
        ? '\n  Prüfen Sie SANITY_WRITE_TOKEN: Das Token braucht Editor-Rechte für dieses Projekt. / Check SANITY_WRITE_TOKEN: it needs the Editor role.'
        : '';
    console.error(`Seed fehlgeschlagen${status}: ${err.message}${hint}`);
  }
  process.exitCode = 1;
}
