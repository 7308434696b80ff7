// `npm test`: the strict type check (svelte-check), lint (ESLint), unit tests (Node + jsdom), then the production
// build, then browser tests against it — always all five, so one failing part never hides the others' results.
// Exits non-zero if any part failed and ends with the "N passed, N failed" line over both Vitest reports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' }).status === 0;

for (const f of ['vitest-unit.json', 'vitest-e2e.json', 'typecheck.json', 'lint.json']) {
  rmSync(`test-output/${f}`, { force: true });
}
mkdirSync('test-output', { recursive: true });
/**
 * Runs a check that is not a Vitest test and records { ok } in test-output/<name>.json, which
 * count-tests.mjs (called again by .ci/run at the very end) counts as one failure when false, so the
 * closing line and the exit code agree.
 */
function check(script, name, failure) {
  const ok = run(script);
  if (!ok) console.error(`test: ${failure}`);
  writeFileSync(`test-output/${name}.json`, JSON.stringify({ ok }));
  return ok;
}
const typesOk = check('check', 'typecheck', 'svelte-check found type errors (TypeScript strict)');
const lintOk = check('lint', 'lint', 'ESLint found errors (npm run lint)');
let ok = run('test:unit') && typesOk && lintOk;
if (run('build')) ok = run('test:e2e') && ok;
else {
  console.error('test: the build failed, so the browser tests could not run');
  ok = false;
}
const count = spawnSync(process.execPath, ['scripts/count-tests.mjs', 'test-output'], { stdio: 'inherit' });
process.exit(ok && count.status === 0 ? 0 : 1);
