import { describe, it, expect } from 'vitest';
import {
  FigureState, boolField, numberListField, choiceField, decodeSettings, encodeSettings, hashParams, intField, numberField,
  squareGridField, withHashParams, type Schema,
} from '../../src/lib/state/figureState';
import { parseHash } from '../../src/lib/state/Router.svelte';

interface Geo { n: number; pad: 'valid' | 'same'; bn: boolean; g: number; w: number[][] }
const schema: Schema<Geo> = {
  n: intField(3, 9), pad: choiceField(['valid', 'same'] as const), bn: boolField, g: numberField(-3, 3), w: squareGridField([3, 5], 100),
};
const defaults: Geo = { n: 7, pad: 'valid', bn: true, g: 1, w: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] };

/** A stand-in window: location.href/hash and history.replaceState, recording every replace. */
function fakeWindow(href: string) {
  const loc = new URL(href);
  const replaced: string[] = [];
  const win = {
    location: { get href() { return loc.href; }, get hash() { return loc.hash; } },
    history: { state: null, replaceState: (_s: unknown, _t: string, u: URL) => { loc.href = String(u); replaced.push(String(u)); } },
  };
  return { win: win as unknown as Window, replaced, setHash: (h: string) => { loc.hash = h; } };
}

describe('field serialisers round-trip', () => {
  it('intField keeps integers in range and refuses others', () => {
    const f = intField(3, 9);
    for (const v of [3, 5, 9]) expect(f.parse(f.format(v))).toBe(v);
    for (const raw of ['2', '10', '4.5', 'x', '', '1e1']) expect(f.parse(raw)).toBeUndefined();
  });
  it('numberField keeps finite numbers in range, exactly', () => {
    const f = numberField(-3, 3);
    for (const v of [-3, 0.1 + 0.2, 1 / 3, 2.5, 0]) expect(f.parse(f.format(v))).toBe(v);
    for (const raw of ['NaN', 'Infinity', '4', '', ' ', 'abc']) expect(f.parse(raw)).toBeUndefined();
  });
  it('choiceField keeps listed strings and numbers only', () => {
    const s = choiceField(['max', 'avg'] as const);
    expect(s.parse(s.format('avg'))).toBe('avg');
    expect(s.parse('min')).toBeUndefined();
    const n = choiceField([1, 2, 3]);
    expect(n.parse(n.format(2))).toBe(2);
    expect(n.parse('4')).toBeUndefined();
    expect(n.parse('02')).toBeUndefined();
  });
  it('boolField is 1/0', () => {
    expect(boolField.parse(boolField.format(true))).toBe(true);
    expect(boolField.parse(boolField.format(false))).toBe(false);
    expect(boolField.parse('yes')).toBeUndefined();
  });
  it('squareGridField keeps 3×3 and 5×5 grids, refuses ragged, wrong-size and huge ones', () => {
    const f = squareGridField([3, 5], 100);
    const g3 = [[-1, 0, 1], [-2, 0.5, 2], [-1, 0, 1e-3]];
    expect(f.parse(f.format(g3))).toEqual(g3);
    const g5 = Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, c) => r - c / 7));
    expect(f.parse(f.format(g5))).toEqual(g5);
    for (const raw of ['1_2_3_4', '1_2', '1_2_3_4_5_6_7_8_x', '1_2_3_4_5_6_7_8_101', '1__3_4_5_6_7_8_9', Array(16).fill(1).join('_')]) {
      expect(f.parse(raw)).toBeUndefined();
    }
  });
});

describe('numberListField', () => {
  it('keeps lists of the right length in range and refuses others', () => {
    const f = numberListField(3, -10, 10);
    for (const v of [[1, 0.5, -2], [0, 0, 0], [-10, 10, 1 / 7]]) expect(f.parse(f.format(v))).toEqual(v);
    for (const raw of ['1_2', '1_2_3_4', '1_x_3', '1__3', '1_2_11', '']) expect(f.parse(raw)).toBeUndefined();
  });
});

describe('settings in the hash', () => {
  it('encodes only non-default fields under the figure key and decodes them back', () => {
    const v: Geo = { n: 5, pad: 'same', bn: false, g: -0.25, w: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] };
    const p = encodeSettings('geo', schema, defaults, v, new URLSearchParams('other.x=1'));
    expect(p.get('other.x')).toBe('1');
    expect(p.get('geo.n')).toBe('5');
    expect(decodeSettings('geo', schema, defaults, p)).toEqual(v);
    const same = encodeSettings('geo', schema, defaults, defaults, p);
    expect([...same.keys()]).toEqual(['other.x']);
  });
  it('ignores invalid values and keeps the default for those fields only', () => {
    const p = hashParams('#/convolution/3?geo.n=99&geo.pad=same&geo.bn=maybe&geo.w=1_2');
    expect(decodeSettings('geo', schema, defaults, p)).toEqual({ ...defaults, pad: 'same' });
  });
  it('withHashParams replaces only the query and the router still reads the step', () => {
    const h = withHashParams('#/convolution/3?a=1', new URLSearchParams('geo.s=2&geo.pad=same'));
    expect(h).toBe('#/convolution/3?geo.s=2&geo.pad=same');
    expect(parseHash(h)).toEqual({ lessonId: 'convolution', step: 3 });
    expect(withHashParams('#/pooling/2?x=1', new URLSearchParams())).toBe('#/pooling/2');
  });
});

describe('FigureState', () => {
  it('reads the address on mount and writes changes with replaceState', () => {
    const w = fakeWindow('http://h/app/#/convolution/3?geo.n=4&fmap.t=2');
    const st = new FigureState('geo', schema, defaults, w.win);
    expect(st.initial).toEqual({ ...defaults, n: 4 });
    st.save({ ...defaults, n: 9, pad: 'same' });
    expect(w.replaced).toEqual(['http://h/app/#/convolution/3?geo.n=9&fmap.t=2&geo.pad=same']);
    st.save({ ...defaults, n: 9, pad: 'same' }); // unchanged: no second replace
    expect(w.replaced).toHaveLength(1);
    st.save(defaults);
    expect(w.replaced.at(-1)).toBe('http://h/app/#/convolution/3?fmap.t=2');
  });
  it('does not write once the address names another step', () => {
    const w = fakeWindow('http://h/#/convolution/3');
    const st = new FigureState('geo', schema, defaults, w.win);
    w.setHash('#/convolution/4');
    st.save({ ...defaults, n: 3 });
    expect(w.replaced).toEqual([]);
  });
});
