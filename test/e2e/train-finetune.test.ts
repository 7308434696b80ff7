/**
 * Fine-tuning in real Chromium: the learner picks a ResNet-18 weights file (an ImageNet-variant, width-1/8,
 * 1000-class torchvision state dict written here with the project's own serializer), the recipe switches to
 * it, training starts from it with a frozen backbone (so only head.fc has gradients and update ratios), and a
 * file that is not a safetensors file gets a clear message. No console errors.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../src/lib/nn/resnet18';
import { exportTorchvision } from '../../src/lib/nn/io/weights';
import { openApp, shot, waitForReady } from './harness';
import { buildTinySyntheticDataset } from './studio';

let dir = '';
beforeAll(async () => {
  await useBackend('cpu');
  const m = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125, numClasses: 1000, inputSize: 32 }, { seed: 4 });
  dir = mkdtempSync(join(tmpdir(), 'nb-finetune-'));
  writeFileSync(join(dir, 'tiny-imagenet-r18.safetensors'), await exportTorchvision(m));
  writeFileSync(join(dir, 'not-weights.safetensors'), 'this is not a safetensors file');
  disposeResNet18(m);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stepShown = (t: string | null) => Number((t ?? '0').split('/')[0]);

describe('training studio: fine-tuning', () => {
  it('fine-tunes from a picked weights file with a frozen backbone', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await buildTinySyntheticDataset(page);

      await page.goto(page.url().replace(/#.*$/, '#/train-it/2'));
      await page.waitForSelector('[data-testid=finetune-file]');
      await page.setInputFiles('[data-testid=finetune-file]', join(dir, 'not-weights.safetensors'));
      await page.waitForSelector('[data-testid=finetune] [role=alert]');
      expect(await page.textContent('[data-testid=finetune] [role=alert]')).toContain('not-weights.safetensors cannot be used');

      await page.setInputFiles('[data-testid=finetune-file]', join(dir, 'tiny-imagenet-r18.safetensors'));
      await page.waitForSelector('[data-testid=finetune-info]');
      const info = await page.textContent('[data-testid=finetune-info]');
      expect(info).toMatch(/ImageNet variant, width 1\/8,\s*1,000 classes/);
      expect(info).toMatch(/new classifier for your 10 classes/);
      expect(info).toMatch(/8×8 at stage 1 and 1×1 at stage 4/);
      expect(await page.isChecked('[data-testid=ft-freeze]')).toBe(true);
      expect(await page.isChecked('input[type=radio][value="0.125"]')).toBe(true);
      await page.selectOption('[data-testid=recipe] select', '8');
      await page.fill('[data-testid=warmup]', '0');
      await shot(page, 'train-ft-1-recipe');

      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=start]');
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid=run-numbers] div:first-child dd')?.textContent ?? '0';
        return Number(t.split('/')[0]) >= 3;
      }, null, { timeout: 120_000 });
      expect(stepShown(await page.textContent('[data-testid=run-numbers] div:first-child dd'))).toBeGreaterThanOrEqual(3);
      expect(await page.textContent('[data-testid=load-note]')).toMatch(/Loaded \d+ tensors from tiny-imagenet-r18\.safetensors; the classifier \(fc\) was re-initialised for your 10 classes/);
      const loss = Number(await page.textContent('[data-testid=last-loss]'));
      expect(Number.isFinite(loss) && loss > 0).toBe(true);
      // Frozen backbone: only head.fc is trained, so both heatmaps have a single row.
      expect(await page.getAttribute('[data-testid=grad-heatmap] canvas', 'data-rows')).toBe('1');
      expect(await page.getAttribute('[data-testid=ratio-heatmap] canvas', 'data-rows')).toBe('1');
      await page.click('[data-testid=pause]');
      await page.waitForSelector('[data-testid=run-status][data-phase=paused]', { timeout: 60_000 });
      await shot(page, 'train-ft-2-running');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
