/**
 * The untrained-weights notice that figures place: read from the model context (as App.svelte provides it),
 * shown while the live weights are seeded random, gone once a checkpoint is loaded, back after a lost context.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import * as tf from '@tensorflow/tfjs';
import ModelHostView from './fixtures/ModelHost.svelte';
import RandomWeightsNotice from '../../src/components/model/RandomWeightsNotice.svelte';
import { ModelHost } from '../../src/lib/model/host';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { ForwardPass } from '../../src/lib/model/ForwardPass.svelte';
import { createResNet18, disposeResNet18, exportTorchvision } from '../../src/lib/nn';

const TINY = { widthMultiplier: 1 / 8, inputSize: 32, numClasses: 10 };

beforeAll(async () => { await tf.setBackend('cpu'); });

describe('RandomWeightsNotice', () => {
  it('says so while the weights are random, and not once a checkpoint is live', async () => {
    const model = new LoadedModel({ config: TINY });
    const host = new ModelHost({ model, pass: new ForwardPass(model) });
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(ModelHostView, { target, props: { host, figure: RandomWeightsNotice, props: { message: 'Untrained weights: these maps mean nothing yet.' } } });
    flushSync();
    const notice = () => target.querySelector('[data-testid=random-weights-notice]');
    expect(notice()?.textContent).toMatch(/^\s*Untrained weights: these maps mean nothing yet\. Load pretrained weights/);
    expect(notice()!.querySelector('a')!.getAttribute('href')).toBe('#/run-it/1');
    const src = createResNet18(TINY, { seed: 3 });
    expect(await model.loadFiles([new File([(await exportTorchvision(src)) as BlobPart], 'mine.safetensors')])).toBe(true);
    disposeResNet18(src);
    flushSync();
    expect(notice()).toBeNull();
    for (const v of model.resnet.params.values()) v.dispose(); // a lost WebGL context
    await model.ensureLive(99);
    flushSync();
    expect(notice()).not.toBeNull();
    unmount(view);
    host.dispose();
    target.remove();
  });

  it('outside an app that provides the model, a figure fails with a message that says where it comes from', () => {
    const target = document.body.appendChild(document.createElement('div'));
    expect(() => mount(RandomWeightsNotice, { target })).toThrow(/App\.svelte provides it with setModelContext/);
    target.remove();
  });
});
