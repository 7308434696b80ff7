/**
 * Regenerates docs/screenshot.png (the README's picture) from the built app in headless Chromium:
 * `npm run build && npx tsx scripts/readme-screenshot.ts [#/lesson/step]`.
 */
import { mkdirSync } from 'node:fs';
import { openApp, waitForReady } from '../test/e2e/harness';

const hash = process.argv[2]?.replace(/^#/, '') ?? '/welcome/4';
const app = await openApp(hash, { width: 1280, height: 860 });
try {
  await waitForReady(app.page);
  await app.page.waitForSelector('[data-testid=lesson]');
  await app.page.waitForLoadState('networkidle');
  await app.page.waitForTimeout(1500); // let live figures finish their first computation
  mkdirSync('docs', { recursive: true });
  await app.page.screenshot({ path: 'docs/screenshot.png' });
  if (app.consoleErrors.length) console.warn('console errors:', app.consoleErrors);
  console.log(`docs/screenshot.png written from #${hash}`);
} finally {
  await app.close();
}
