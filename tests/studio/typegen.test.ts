import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { STUDIO_DIR, runSanity } from './cli.ts';
import { ROOT } from './studio-validation.ts';

// The committed schema.json and sanity.types.ts must be what `npm run typegen` produces now;
// if the schema or the queries changed without regenerating, this fails.
describe('generated types are up to date', () => {
  test('schema.json and core/sanity/sanity.types.ts match a fresh typegen run', async () => {
    // Inside the repository (studio/tmp/ is ignored by git), so the generated code is formatted with
    // the repository's .prettierrc.json exactly as `npm run typegen` formats it.
    mkdirSync(path.join(STUDIO_DIR, 'tmp'), { recursive: true });
    const dir = mkdtempSync(path.join(STUDIO_DIR, 'tmp', 'ksp-typegen-'));
    try {
      // The CLI resolves these paths relative to studio/.
      const schemaPath = path.relative(STUDIO_DIR, path.join(dir, 'schema.json'));
      const typesPath = path.relative(STUDIO_DIR, path.join(dir, 'sanity.types.ts'));
      const extract = await runSanity([
        'schema',
        'extract',
        '--enforce-required-fields',
        '--force',
        '--path',
        schemaPath,
      ]);
      expect(extract.code, extract.stdout + extract.stderr).toBe(0);
      const generate = await runSanity(['typegen', 'generate'], {
        KSP_TYPEGEN_SCHEMA: schemaPath,
        KSP_TYPEGEN_OUT: typesPath,
      });
      expect(generate.code, generate.stdout + generate.stderr).toBe(0);

      const hint =
        'Die erzeugten Typen sind veraltet. Bitte `npm run typegen` ausführen und das Ergebnis committen.';
      expect(readFileSync(path.join(dir, 'schema.json'), 'utf8'), hint).toBe(
        readFileSync(path.join(STUDIO_DIR, 'schema.json'), 'utf8'),
      );
      // The header names the schema file it was generated from; only its location differs.
      const fresh = readFileSync(path.join(dir, 'sanity.types.ts'), 'utf8').replaceAll(
        `// Source: ${schemaPath}`,
        '// Source: schema.json',
      );
      expect(fresh, hint).toBe(readFileSync(path.join(ROOT, 'core/sanity/sanity.types.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
