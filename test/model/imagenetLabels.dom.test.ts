/**
 * The ImageNet class names that ship with the app equal microsoft/resnet-18's config.json id2label (the HF fixture,
 * read here), and the loaded-model store names top-5 classes with them while its weights are still random.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { loadImagenetLabels } from '../../src/lib/model/imagenetLabels';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { readFixtureJson } from '../helpers/fixtures';

const config = readFixtureJson('resnet18/hf/config.json') as { id2label: Record<string, string> };

describe('shipped ImageNet labels', () => {
  it('has 1000 names equal to the fixture config.json id2label, index by index', async () => {
    const names = await loadImagenetLabels();
    expect(names.length).toBe(1000);
    expect(Object.keys(config.id2label).length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(names[i], `class ${i}`).toBe(config.id2label[String(i)]);
  });

  it('holds the well-known entries at their ImageNet ids', async () => {
    const names = await loadImagenetLabels();
    expect(names[0]).toBe('tench, Tinca tinca');
    expect(names[207]).toBe('golden retriever');
    expect(names[281]).toBe('tabby, tabby cat');
    expect(names[999]).toBe('toilet tissue, toilet paper, bathroom tissue');
  });
});

describe('LoadedModel.label with random weights', () => {
  const big = new LoadedModel({ hubBase: 'http://127.0.0.1:9' });
  const small = new LoadedModel({ config: { variant: 'cifar', numClasses: 10, widthMultiplier: 0.125 }, hubBase: 'http://127.0.0.1:9' });
  afterAll(() => { big.dispose(); small.dispose(); });

  it('names ImageNet classes once loadClassNames ran, while the source stays random', async () => {
    expect(big.label(281)).toBe('class 281');
    await big.loadClassNames();
    expect(big.source).toBe('random');
    expect(big.label(281)).toBe('tabby, tabby cat');
  });

  it('does not give ImageNet names to a model with another class count', async () => {
    await small.loadClassNames();
    expect(small.label(3)).toBe('class 3');
  });
});
