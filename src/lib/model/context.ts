/**
 * How a figure reaches the loaded model: getModelContext() / getForwardPassContext() during component
 * initialisation read the host App.svelte provided (host.ts) and, on first use, make the app's one
 * LoadedModel (full ImageNet ResNet-18, seeded random until weights load) and its ForwardPass.
 */
import { getModelHost, type ModelPair } from './host';
import { LoadedModel } from './LoadedModel.svelte';
import { ForwardPass } from './ForwardPass.svelte';

function pair(): ModelPair {
  return getModelHost().use(() => {
    const model = new LoadedModel();
    return { model, pass: new ForwardPass(model) };
  });
}

/** The app's loaded model: weights, where they came from, labels, preprocessing; `version` ticks on change. */
export function getModelContext(): LoadedModel {
  return pair().model;
}

/** The explorer's forward pass over the loaded model: picture, kept activations, top-5, Grad-CAM, saliency. */
export function getForwardPassContext(): ForwardPass {
  return pair().pass;
}
