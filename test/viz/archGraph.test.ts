import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createResNet18, disposeResNet18, summarize, type ResNet18 } from '../../src/lib/nn';
import { describeModel } from '../../src/lib/nn/explain';
import { createArchGraph, layoutModel, formatMacs, formatShape, type ArchData } from '../../src/lib/viz/archGraph';

let model: ResNet18;
let data: ArchData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createResNet18();
  data = describeModel(model);
});
afterAll(() => disposeResNet18(model));

const ALL_GROUPS = ['network', 'stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head',
  ...[1, 2, 3, 4].flatMap((s) => [1, 2].map((b) => `stage${s}.block${b}`))];

describe('architecture graph read off the built model', () => {
  it('totals equal the summary and the published ResNet-18 numbers (11,689,512; 1.81 G)', () => {
    const el = document.createElement('div');
    const g = createArchGraph(el);
    g.update(data);
    const s = summarize(model);
    expect(s.totalParams).toBe(11_689_512);
    expect(s.totalMacs).toBe(1_814_073_344);
    const text = el.querySelector('.arch-totals')!.textContent!;
    expect(text).toContain('11,689,512 parameters');
    expect(text).toContain('1.81 G multiply-adds (1,814,073,344)');
    expect(formatMacs(s.totalMacs)).toBe('1.81 G');
    g.destroy();
    expect(el.children.length).toBe(0);
  });

  it('collapsed to stages: stem → stage1..4 → head, each box carrying its stage totals', () => {
    const { items, edges } = layoutModel(data, new Set(['network']));
    expect(items.map((i) => i.id)).toEqual(['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head']);
    // Stage parameter counts of torchvision (SYLLABUS): conv1+bn1 = 9,408 + 128.
    expect(items.map((i) => i.params)).toEqual([9_536, 147_968, 525_568, 2_099_712, 8_393_728, 513_000]);
    expect(edges.map((e) => `${e.from}>${e.to} ${formatShape(e.shape)}`)).toEqual([
      'input>stem 224×224×3', 'stem>stage1 56×56×64', 'stage1>stage2 56×56×64', 'stage2>stage3 28×28×128',
      'stage3>stage4 14×14×256', 'stage4>head 7×7×512',
    ]);
  });

  it('fully expanded: every edge carries the summary shape of its producer; 3 projection shortcuts, 5 identity', () => {
    const { items, edges } = layoutModel(data, new Set(ALL_GROUPS));
    const shapes = new Map(summarize(model).layers.map((l) => [l.name, l.outputShape]));
    expect(items.length).toBe(data.layers.length);
    for (const e of edges) expect(e.shape, `${e.from}->${e.to}`).toEqual(e.from === 'input' ? [224, 224, 3] : shapes.get(e.from));
    const proj = items.filter((i) => i.side).map((i) => i.id);
    expect(proj).toEqual(['stage2', 'stage3', 'stage4'].flatMap((s) => [`${s}.block1.shortcut.conv`, `${s}.block1.shortcut.bn`]));
    const identity = edges.filter((e) => e.kind === 'identity').map((e) => e.to);
    expect(identity).toEqual(['stage1.block1.add', 'stage1.block2.add', 'stage2.block2.add', 'stage3.block2.add', 'stage4.block2.add']);
    expect(edges.filter((e) => e.kind === 'projection').length).toBe(9); // in → conv, conv → bn, bn → add per stage
    // "18" = 17 convs on the main path + 1 fc; the 3 shortcut convs are not counted.
    const convs = items.filter((i) => i.layers[0].kind === 'conv');
    expect(convs.filter((i) => !i.side).length).toBe(17);
    expect(convs.filter((i) => i.side).length).toBe(3);
  });

  it('toggles groups by click and by keyboard (Enter/Space), and reports a selected layer', () => {
    const el = document.createElement('div');
    let picked = '';
    const g = createArchGraph(el, { onSelect: (n) => { picked = n; } });
    g.update(data);
    const node = (id: string) => el.querySelector<SVGGElement>(`.arch-node[data-id="${id}"]`);
    expect(node('stage2')!.getAttribute('tabindex')).toBe('0');
    node('stage2')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(node('stage2')).toBeNull();
    expect(node('stage2.block1')).not.toBeNull();
    node('stage2.block1')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(node('stage2.block1.shortcut.conv')).not.toBeNull();
    expect(el.querySelectorAll('.arch-edge.projection').length).toBe(3);
    expect(el.querySelectorAll('.arch-edge.identity').length).toBe(0); // stage2.block2 is still collapsed
    node('stage2.block1.conv1')!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(picked).toBe('stage2.block1.conv1');
    const bracket = el.querySelector<SVGRectElement>('.arch-bracket[aria-label="collapse stage2"]')!;
    bracket.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(node('stage2')).not.toBeNull();
    expect(node('stage2.block1.conv1')).toBeNull();
    g.destroy();
  });

  it('draws every edge label and fits a 360 px column (viewBox width 380, vertical layout)', () => {
    const el = document.createElement('div');
    const g = createArchGraph(el, { expanded: ALL_GROUPS });
    g.update(data);
    const svg = el.querySelector('svg.arch-svg')!;
    expect(svg.getAttribute('viewBox')!.split(' ')[2]).toBe('380');
    const labels = [...el.querySelectorAll('.arch-shape')].map((t) => t.textContent);
    expect(labels).toContain('112×112×64');
    expect([...el.querySelectorAll('.arch-edge.identity .arch-shape')].map((t) => t.textContent)).toEqual(
      ['56×56×64', '56×56×64', '28×28×128', '14×14×256', '7×7×512']);
    expect(el.querySelector('.arch-legend')!.textContent).toContain('projection shortcut (1×1 conv, stride 2)');
    expect(el.querySelectorAll('.arch-node').length).toBe(data.layers.length);
    g.destroy();
  });
});
