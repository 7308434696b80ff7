import { describe, it, expect } from 'vitest';
import { createFeatureStrip, channelSlice } from '../../src/lib/viz/featureStrip';

describe('createFeatureStrip', () => {
  it('draws the first maxChannels channels, one canvas each sized like the map, and states the shape', () => {
    const el = document.createElement('div');
    const strip = createFeatureStrip(el, { title: 'F(x)', maxChannels: 3, legend: true });
    const h = 4, w = 5, c = 8;
    strip.update({ values: new Float32Array(h * w * c).map((_, i) => i % 7 - 3), height: h, width: w, channels: c });
    const canvases = el.querySelectorAll('canvas');
    expect(canvases.length).toBe(3);
    expect(canvases[0].width).toBe(5);
    expect(canvases[0].height).toBe(4);
    expect(canvases[2].getAttribute('aria-label')).toBe('F(x), channel 3');
    expect(el.querySelector('.feature-strip-shape')!.textContent).toBe('4×5×8 (first 3 channels)');
    expect(el.querySelector('.color-legend')).not.toBeNull();
    strip.update({ values: new Float32Array(2 * 2 * 2), height: 2, width: 2, channels: 2 });
    expect(el.querySelectorAll('canvas').length).toBe(2);
    strip.destroy();
    expect(el.children.length).toBe(0);
    const other = createFeatureStrip(el, { title: 'batch', countLabel: 'images' });
    other.update({ values: new Float32Array(2 * 3 * 4), height: 2, width: 3, channels: 4 });
    expect(el.querySelector('.feature-strip-shape')!.textContent).toBe('2×3, 4 images');
  });

  it('channelSlice picks one channel out of an interleaved HWC array', () => {
    expect(Array.from(channelSlice([0, 10, 1, 11, 2, 12], 3, 2, 1))).toEqual([10, 11, 12]);
  });
});

describe('imagesOfChannel', () => {
  it('gathers one channel of every image into an [h, w, n] array', async () => {
    const { imagesOfChannel } = await import('../../src/lib/viz/featureStrip');
    // n=2, h=1, w=2, c=2: value = 100·img + 10·pixel + channel
    const v = [0, 1, 10, 11, 100, 101, 110, 111];
    expect(Array.from(imagesOfChannel(v, [2, 1, 2, 2], 1))).toEqual([1, 101, 11, 111]);
  });
});
