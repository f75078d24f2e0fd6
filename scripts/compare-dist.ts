// `npm run compare-dist -- <before-dir> <after-dir>`: proves that a refactoring changed no output
// of the build (dev/compare-dist.ts says what counts as equal). Exits 1 and lists every difference.
import path from 'node:path';
import { compareDist } from '../dev/compare-dist.ts';

const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('Usage: node scripts/compare-dist.ts <before-dir> <after-dir>  (two built sites, e.g. made with scripts/build.ts --out <dir>)');
  process.exit(2);
}
const result = await compareDist(path.resolve(before), path.resolve(after));
console.log(`Compared ${result.files} files of ${before} with ${after}: ${result.identical} identical.`);
for (const [from, to] of result.renamed) console.log(`  hashed name changed, contents equal after normalising: ${from} → ${to}`);
if (result.problems.length > 0) {
  console.log(`${result.problems.length} difference(s):`);
  for (const problem of result.problems) console.log(`  - ${problem}`);
  process.exit(1);
}
console.log('No differences.');
