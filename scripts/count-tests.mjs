// Sums every Vitest JSON report under the given folder (unit + browser runs) and prints the one line CI
// reads: "N passed, N failed". A run that crashed before writing its report counts as one failure.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-output';
// The type check and lint are not Vitest tests: scripts/test-all.mjs records each result, and a failure counts as one.
const checkFailed = (name) => {
  const file = join(dir, `${name}.json`);
  return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).ok === false ? 1 : 0;
};
const extraFailed = checkFailed('typecheck') + checkFailed('lint');
const expected = ['vitest-unit.json', 'vitest-e2e.json'];
let passed = 0;
let failed = extraFailed;
for (const name of expected) {
  const file = join(dir, name);
  if (!existsSync(file)) {
    console.error(`count-tests: ${file} missing (that run did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that failed to load (syntax error, crash in a hook) fails no single test: count it once.
  if (report.success === false && (report.numFailedTests ?? 0) === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
