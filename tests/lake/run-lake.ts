// A local lake in a process of its own, for tests that kill it (durability.test.ts): state in
// the directory given as the first argument, fixed token; prints its address as one JSON line.
import { startLake } from '../../dev/lake/index.ts';

const dir = process.argv[2];
if (!dir) throw new Error('Usage: node tests/lake/run-lake.ts <state directory>');
const lake = await startLake({ dir, seedFile: false, token: 'sk-test-durability' });
process.stdout.write(`${JSON.stringify({ url: lake.url })}\n`);
