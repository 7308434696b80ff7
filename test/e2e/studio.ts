import type { Page } from 'playwright-core';

/**
 * On the studio's first step, builds the smallest synthetic dataset (20 images per class → 140 training,
 * 40 validation and 20 test images), so browser tests train in seconds on SwiftShader.
 */
export async function buildTinySyntheticDataset(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
  await page.selectOption('[data-testid=dataset-panel] select', '20');
  await page.click('text=Build the synthetic dataset');
  await page.waitForFunction(() => document.querySelector('[data-testid=dataset-summary]')?.textContent?.includes('140 training'));
}
