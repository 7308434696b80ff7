import { describe, it, expect } from 'vitest';
import { squareCrop, frameToRgb, capturedDataset, cameraErrorMessage } from '../../src/lib/data/captured';

describe('webcam frames as a dataset', () => {
  it('crops the centred square of landscape and portrait frames', () => {
    expect(squareCrop(320, 240)).toEqual({ sx: 40, sy: 0, side: 240 });
    expect(squareCrop(240, 321)).toEqual({ sx: 0, sy: 40, side: 240 });
  });

  it('resizes a crop by area average: a 4×4 RGBA crop of 2×2 colour blocks becomes 2×2 RGB', () => {
    const rgba = new Uint8Array(4 * 4 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) {
      const v = (y < 2 ? 0 : 100) + (x < 2 ? 0 : 50);
      rgba.set([v, 255 - v, 7, 255], (y * 4 + x) * 4);
    }
    expect([...frameToRgb({ label: 0, rgba, side: 4 }, 2)]).toEqual([0, 255, 7, 50, 205, 7, 100, 155, 7, 150, 105, 7]);
  });

  const px = (v: number) => new Uint8Array(2 * 2 * 3).fill(v);
  /** Three frames of each of `n` classes, interleaved; frame i is filled with i + 1. */
  const threeEach = (n: number) => Array.from({ length: 3 * n }, (_, i) => ({ label: i % n, rgb: px(i + 1) }));

  it('packs frames in order with their labels, and says which classes need more frames (3: 2 to train, 1 to validate)', () => {
    const frames = threeEach(2);
    const d = capturedDataset(frames, ['cup', 'hand'], 2);
    expect([...d.labels]).toEqual([0, 1, 0, 1, 0, 1]);
    expect(d.images[12 * 2]).toBe(3);
    expect([d.height, d.width, d.classNames]).toEqual([2, 2, ['cup', 'hand']]);
    expect(() => capturedDataset(frames.slice(0, 5), ['cup', 'hand'], 2)).toThrow('at least 3 frames of every class, 2 to train on and 1 to validate (hand has fewer)');
    expect(() => capturedDataset(frames, ['cup', 'hand', 'pen'], 2)).toThrow('pen has fewer');
    expect(() => capturedDataset([], ['cup'], 2)).toThrow('two classes');
    expect(() => capturedDataset(frames, ['cup', ' '], 2)).toThrow('Give every class a name');
  });

  it('merges class names that differ only in Unicode normalisation or surrounding spaces', () => {
    const frames = threeEach(3);
    const d = capturedDataset(frames, ['caf\u00e9', 'tea', 'cafe\u0301 '], 2);
    expect(d.classNames).toEqual(['caf\u00e9', 'tea']);
    expect([...d.labels]).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(() => capturedDataset(threeEach(2), ['caf\u00e9', 'cafe\u0301'], 2)).toThrow('two classes');
  });

  it('explains camera failures in words', () => {
    expect(cameraErrorMessage({ name: 'NotFoundError' })).toMatch(/No camera was found/);
    expect(cameraErrorMessage({ name: 'NotAllowedError' })).toMatch(/refused/);
    expect(cameraErrorMessage({ name: 'NoMediaDevices' })).toMatch(/https or localhost/);
    expect(cameraErrorMessage(new Error('boom'))).toMatch(/could not be opened: boom/);
  });
});
