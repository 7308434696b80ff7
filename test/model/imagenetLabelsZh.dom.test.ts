/**
 * The Simplified Chinese ImageNet names (imagenetLabels.zh.json): 1,000 Chinese entries in id2label's order, checked
 * against the HF fixture's English at well-known ids; and the loaded-model store names classes in Chinese only on a
 * Chinese page, and only when its names are ImageNet's.
 */
import { describe, it, expect, afterAll, afterEach } from 'vitest';
import { loadImagenetLabels } from '../../src/lib/model/imagenetLabels';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { i18n } from '../../src/lib/i18n/index';
import { readFixtureJson } from '../helpers/fixtures';

const config = readFixtureJson('resnet18/hf/config.json') as { id2label: Record<string, string> };
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;

/** [class id, the fixture's English, the expected Chinese]. */
const SPOTS: [number, string, string][] = [
  [0, 'tench, Tinca tinca', '丁鲷'],
  [1, 'goldfish, Carassius auratus', '金鱼'],
  [134, 'crane', '鹤'],
  [207, 'golden retriever', '金毛寻回犬'],
  [281, 'tabby, tabby cat', '虎斑猫'],
  [285, 'Egyptian cat', '埃及猫'],
  [340, 'zebra', '斑马'],
  [409, 'analog clock', '模拟时钟'],
  [517, 'crane', '起重机'],
  [817, 'sports car, sport car', '跑车'],
  [948, 'Granny Smith', '澳洲青苹果'],
  [954, 'banana', '香蕉'],
];

describe('Chinese ImageNet names', () => {
  it('has 1,000 non-empty entries, each with a CJK character and none with surrounding spaces', async () => {
    const zh = await loadImagenetLabels('zh');
    expect(zh.length).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect(zh[i].trim(), `class ${i}`).toBe(zh[i]);
      expect(zh[i], `class ${i}`).toMatch(CJK);
    }
  });

  it('names the well-known classes at their ImageNet ids (English checked against the fixture)', async () => {
    const zh = await loadImagenetLabels('zh');
    for (const [i, en, name] of SPOTS) {
      expect(config.id2label[String(i)], `fixture class ${i}`).toBe(en);
      expect(zh[i], `class ${i}`).toBe(name);
    }
  });

  it('gives the two "crane" classes (bird 134, machine 517) different names', async () => {
    const zh = await loadImagenetLabels('zh');
    expect(config.id2label['134']).toBe(config.id2label['517']);
    expect(zh[134]).not.toBe(zh[517]);
  });

  it('keeps the English list as it was', async () => {
    expect((await loadImagenetLabels())[281]).toBe('tabby, tabby cat');
    expect((await loadImagenetLabels('en'))[0]).toBe('tench, Tinca tinca');
  });
});

describe('LoadedModel.label follows the page language', () => {
  const m = new LoadedModel({ hubBase: 'http://127.0.0.1:9' });
  afterEach(() => { i18n.current = 'en'; m.labels = null; });
  afterAll(() => m.dispose());

  it('says ImageNet names in Chinese on a Chinese page and in English again after switching back', async () => {
    i18n.current = 'zh';
    await m.loadClassNames();
    expect(m.label(281)).toBe('虎斑猫');
    i18n.current = 'en';
    expect(m.label(281)).toBe('tabby, tabby cat');
  });

  it('translates an id2label equal to ImageNet\'s (microsoft/resnet-18), not a checkpoint\'s own names', async () => {
    await m.loadClassNames();
    i18n.current = 'zh';
    m.labels = Array.from({ length: 1000 }, (_, i) => config.id2label[String(i)]);
    expect(m.label(954)).toBe('香蕉');
    m.labels = Array.from({ length: 1000 }, (_, i) => `my class ${i}`);
    expect(m.label(954)).toBe('my class 954');
  });
});
