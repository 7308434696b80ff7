// `npm test`: the strict type check (svelte-check), unit tests (Node + jsdom), then the production build, then
// browser tests against it — always all four, so one failing unit test never hides the browser results. Exits non-zero if any part failed and
// ends with the "N passed, N failed" line over both Vitest reports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' }).status === 0;

for (const f of ['vitest-unit.json', 'vitest-e2e.json', 'typecheck.json']) rmSync(`test-output/${f}`, { force: true });
// A type error counts as one failed test, so the closing line and the exit code agree.
const typesOk = run('check');
if (!typesOk) console.error('test: svelte-check found type errors (TypeScript strict)');
// Recorded for count-tests.mjs, which .ci/run calls again at the very end.
mkdirSync('test-output', { recursive: true });
writeFileSync('test-output/typecheck.json', JSON.stringify({ ok: typesOk }));
let ok = run('test:unit') && typesOk;
if (run('build')) ok = run('test:e2e') && ok;
else {
  console.error('test: the build failed, so the browser tests could not run');
  ok = false;
}
const count = spawnSync(process.execPath, ['scripts/count-tests.mjs', 'test-output'], { stdio: 'inherit' });
process.exit(ok && count.status === 0 ? 0 : 1);
