// KSP_BUILD_REPORT=<file>: when the content breaks the contract, the build appends its problems
// to this file as one JSON line ({"problems": [...]}) before it fails. The publish server sets
// it for every build and shows the problems to editors in German (core/content/problem.ts);
// the English message stays in the build log. Without the variable nothing is written.
import { appendFileSync } from 'node:fs';
import { ContentContractError } from '../../../core/content/errors.ts';
import { buildConfig } from '../build-config.ts';

/** Records the problems of a contract error (if the build was asked to), then rethrows it. */
export function reportAndRethrow(error: unknown): never {
  const file = error instanceof ContentContractError ? buildConfig().problemReportFile : undefined;
  if (file && error instanceof ContentContractError) {
    try {
      appendFileSync(file, `${JSON.stringify({ problems: error.problems })}\n`);
    } catch (writeError) {
      // The report is for editors; the build still fails with the full message in its log.
      console.warn(`[content] Could not write the problem report ${file}: ${(writeError as Error).message}`);
    }
  }
  throw error;
}
