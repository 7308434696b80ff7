import { describe, it, expect } from 'vitest';
import { channelStats, channelOrder, channelPixels, scaleFor, gridLayout, createFeatureGrid, type FeatureMap } from '../../src/lib/viz/featureGrid';
import { VIRIDIS, DIVERGING } from '../../src/lib/viz/colorScale';
import { stubCanvas } from './explorerCanvas';

/** [h,w,c] = [3,2,4]; channel k holds k·10 + pixel index, channel 2 is negated. */
function sample(): FeatureMap {
  const [h, w, c] = [3, 2, 4];
  const data = new Float32Array(h * w * c);
  for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) data[i * c + k] = (k === 2 ? -1 : 1) * (k * 10 + i);
  return { data, shape: [h, w, c] };
}

describe('feature grid', () => {
  it('computes per-channel mean/min/max like a naive loop', () => {
    const s = channelStats(sample());
    expect(s[1]).toEqual({ mean: 12.5, min: 10, max: 15 });
    expect(s[2]).toEqual({ mean: -22.5, min: -25, max: -20 });
  });

  it('sorts channels by mean activation, highest first', () => {
    expect(channelOrder(channelStats(sample()), 'mean')).toEqual([3, 1, 0, 2]);
    expect(channelOrder(channelStats(sample()), 'index')).toEqual([0, 1, 2, 3]);
  });

  it('colours a channel on its range: viridis for one sign, symmetric diverging for both', () => {
    const fm = sample();
    const px = channelPixels(fm, 1, scaleFor(10, 15));
    expect(Array.from(px.slice(0, 3))).toEqual(Array.from(VIRIDIS.slice(0, 3)));
    expect(Array.from(px.slice(20, 23))).toEqual(Array.from(VIRIDIS.slice(255 * 3, 255 * 3 + 3)));
    const d = scaleFor(-2, 1);
    expect([d.lo, d.hi, d.diverging]).toEqual([-2, 2, true]);
    expect(d.lut).toBe(DIVERGING);
  });

  it('lays 64 channels of 112×112 out as 8×8 and 512 as 23 columns', () => {
    expect(gridLayout(64, 112, 112)).toEqual({ cols: 8, rows: 8, width: 903, height: 903 });
    expect(gridLayout(512, 7, 7).cols).toBe(23);
  });

  it('draws tiles in sorted order, the zoom with its range, and picks channels by keyboard', () => {
    const drawn = stubCanvas();
    const el = document.createElement('div');
    const picks: number[] = [];
    const g = createFeatureGrid(el, { onSelect: (c) => picks.push(c) });
    g.update({ map: sample(), sort: 'mean', selected: 2, label: 'stage1.block1.conv1' });
    const [grid] = el.querySelectorAll('canvas');
    const img = drawn.get(grid)!;
    expect([img.width, img.height]).toEqual([2 * 3 - 1, 2 * 4 - 1]); // 2×2 tiles of w 2, h 3, 1-px gaps
    // First tile is channel 3 (highest mean); its pixel 0 is its minimum → viridis[0].
    expect(Array.from(img.data.slice(0, 3))).toEqual(Array.from(VIRIDIS.slice(0, 3)));
    expect(el.querySelector('.feature-stats')!.textContent).toContain('channel 2 of 4: min -25.0, max -20.0, mean -22.5');
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    expect(picks).toEqual([2, 0]); // order is [3,1,0,2]: from 2 (last) right stays, left goes to 0
    g.destroy();
    expect(el.children.length).toBe(0);
  });

  it('keys the tiles: how many use viridis on their own range and how many the diverging map (rough edge 9)', () => {
    stubCanvas();
    const el = document.createElement('div');
    const g = createFeatureGrid(el);
    // sample(): every channel has one sign; flip one pixel of channel 1 to make it the only two-sign tile.
    const fm = sample();
    fm.data[1] = -3;
    g.update({ map: fm, sort: 'index', selected: 0, label: 'x' });
    const items = [...el.querySelectorAll<HTMLElement>('.feature-grid-key > span')];
    expect(items.map((i) => i.hidden)).toEqual([false, false]);
    expect(items[0].textContent).toContain('3 tiles: own min (dark) to own max (yellow)');
    expect(items[1].textContent).toContain('1 tile with both signs: blue −m, white 0, red +m');
    g.update({ map: sample(), sort: 'index', selected: 0, label: 'x' });
    expect(items.map((i) => i.hidden)).toEqual([false, true]);
    g.destroy();
  });
});
