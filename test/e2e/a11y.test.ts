/**
 * Accessibility: the first step of every ready lesson, rendered in real Chromium against the built site,
 * has no axe-core violation of impact 'serious' or 'critical' (contrast, names, labels, ARIA). One browser
 * for all lessons, moved from lesson to lesson through the address hash, like a learner using the TOC.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SYLLABUS, isReady } from '../../lessons/index';
import { axeCheck, formatAxe, openApp, waitForQuiet, waitForReady, type OpenedApp } from './harness';

const ready = SYLLABUS.filter((l) => isReady(l.id)).map((l) => l.id);

describe('accessibility (axe-core) of each lesson’s first step', () => {
  let app: OpenedApp;
  beforeAll(async () => {
    // wasm is what SwiftShader machines get anyway; asking for it skips the WebGL probe.
    app = await openApp(`/${ready[0]}/1`, { backend: 'wasm' });
    await waitForReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds the ready lessons (a lesson.ts per folder)', () => {
    expect(ready.length).toBeGreaterThan(1);
    expect(ready[0]).toBe('welcome');
  });

  it.each(ready)('%s, step 1: no serious or critical violation', async (id) => {
    const { page } = app;
    await page.evaluate((hash) => (location.hash = hash), `#/${id}/1`);
    await page.locator(`[data-testid=lesson][data-lesson="${id}"][data-step="1"]`).waitFor({ timeout: 60_000 });
    await page.locator('.waiting').first().waitFor({ state: 'detached', timeout: 60_000 });
    await waitForQuiet(page);
    const findings = await axeCheck(page);
    expect(findings, `axe on #/${id}/1:\n${formatAxe(findings)}`).toEqual([]);
  });
});
