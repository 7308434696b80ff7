/**
 * A lost graphics context while weights are loading or showing (item 12 of issue 16): a load that finishes
 * while the store is still finding out that the old weights are gone must end with the loaded weights live (it
 * used to show them, then flip to "random" when the check finished); after a loss, every figure's notice says
 * which weights were lost and that random ones are live now; a later load clears that.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import * as tf from '@tensorflow/tfjs';
import ModelHostView from './fixtures/ModelHost.svelte';
import RandomWeightsNotice from '../../src/components/model/RandomWeightsNotice.svelte';
import { ModelHost } from '../../src/lib/model/host';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { ForwardPass } from '../../src/lib/model/ForwardPass.svelte';
import { createResNet18, disposeResNet18, exportTorchvision, type ResNet18 } from '../../src/lib/nn';

const TINY = { widthMultiplier: 1 / 8, inputSize: 32, numClasses: 10 };
beforeAll(async () => { await tf.setBackend('cpu'); });

async function weightsFile(seed: number, name: string): Promise<{ file: File; src: ResNet18 }> {
  const src = createResNet18(TINY, { seed });
  return { file: new File([(await exportTorchvision(src)) as BlobPart], name), src };
}

/** True when every parameter of `m` equals `src`'s, value for value. */
async function same(m: ResNet18, src: ResNet18): Promise<boolean> {
  for (const [k, v] of m.params) {
    const [a, b] = [await v.data(), await src.params.get(k)!.data()];
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
  }
  return true;
}

/** What a lost WebGL context does to GPU weights; `slowMs` makes reading them fail only after a while (as a lost GPU does). */
function loseWeights(m: LoadedModel, slowMs = 0): void {
  const probe = m.resnet.params.get('stem.bn.gamma')!;
  for (const v of m.resnet.params.values()) v.dispose();
  if (slowMs) probe.data = () => new Promise((_, reject) => setTimeout(() => reject(new Error('context lost')), slowMs));
}

describe('weights and a lost graphics context', () => {
  it('a load that completes while the loss is still being found out ends with the loaded weights live, and stays so', async () => {
    const model = new LoadedModel({ config: TINY });
    const a = await weightsFile(1, 'a.safetensors');
    const b = await weightsFile(2, 'b.safetensors');
    expect(await model.loadFiles([a.file])).toBe(true);
    loseWeights(model, 150);
    const live = model.ensureLive(1); // the check that finds the weights gone takes 150 ms
    const loaded = model.loadFiles([b.file]); // ...and a new load finishes well before that
    expect(await loaded).toBe(true);
    await live;
    await new Promise((r) => setTimeout(r, 50));
    expect(model.source).toBe('file');
    expect(model.description).toMatch(/^b\.safetensors: 102 tensors/);
    expect(await same(model.resnet, b.src)).toBe(true);
    await model.ensureLive(2); // a later check finds them alive
    expect(model.source).toBe('file');
    for (const s of [a.src, b.src]) disposeResNet18(s);
    model.dispose();
  });

  it('after a loss, the notice in every figure says which weights were lost and that random ones are live; a new load clears it', async () => {
    const model = new LoadedModel({ config: TINY });
    const host = new ModelHost({ model, pass: new ForwardPass(model) });
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(ModelHostView, { target, props: { host, figure: RandomWeightsNotice, props: { message: 'These maps mean nothing yet.' } } });
    const notice = () => target.querySelector('[data-testid=random-weights-notice]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    const a = await weightsFile(1, 'a.safetensors');
    await model.loadFiles([a.file]);
    flushSync();
    expect(notice()).toBeNull();
    loseWeights(model);
    await model.ensureLive(1);
    flushSync();
    expect(notice()).toMatch(/^The graphics context was lost and took the weights a\.safetensors with it; seeded random weights are live now\. These maps mean nothing yet\. Load pretrained weights/);
    expect(model.lost).toBe('a.safetensors');
    expect(await model.loadFiles([a.file])).toBe(true);
    flushSync();
    expect([notice(), model.lost]).toEqual([null, null]);
    unmount(view);
    host.dispose();
    target.remove();
    disposeResNet18(a.src);
  });
});
