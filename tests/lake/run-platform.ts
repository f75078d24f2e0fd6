// The platform as `npm start` runs it, in a process of its own, for tests that kill it
// (durability.test.ts): the local Content Lake and the publish server in one process
// (dev/platform.ts), state below the directory given as the first argument, builds by the stub
// (tests/publish/fixtures/stub-build.ts) so they cost little, one line each in builds.log.
// Prints the lake's address and token as one JSON line once both listen.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../../dev/lake/index.ts';
import { startLocalPlatform } from '../../dev/platform.ts';

const dir = process.argv[2];
if (!dir) throw new Error('Usage: node tests/lake/run-platform.ts <state directory>');
// The API is all the tests use; an empty Studio directory keeps the start fast.
const studioDir = path.join(dir, 'studio');
await mkdir(studioDir, { recursive: true });
const platform = await startLocalPlatform({
  repoRoot: ROOT,
  lakeDir: path.join(dir, 'lake'),
  studioDir,
  env: {
    KSP_STATE_DIR: path.join(dir, 'state'),
    RELEASES_DIR: path.join(dir, 'releases'),
    DAILY_REBUILD: 'off',
    PUBLISH_BUILD_COMMAND: JSON.stringify([process.execPath, path.join(ROOT, 'tests', 'publish', 'fixtures', 'stub-build.ts'), '--out', '{out}']),
    STUB_BUILD_SLEEP_MS: '50',
    STUB_BUILD_LOG: path.join(dir, 'builds.log'),
    // Builds see only an allow list of variables; the stub's settings are added to it.
    PUBLISH_BUILD_ENV: 'STUB_BUILD_SLEEP_MS,STUB_BUILD_LOG',
  },
  publishLog: () => undefined,
});
process.stdout.write(`${JSON.stringify({ url: platform.lake.url, token: platform.lake.token })}\n`);
