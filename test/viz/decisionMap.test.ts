import { describe, it, expect, afterEach, vi } from 'vitest';
import { createDecisionMap, probColour, type DecisionMapData } from '../../src/lib/viz/decisionMap';
import { stubCanvas } from './explorerCanvas';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A known classifier: P(class 1 | x, y) = σ(4x − 3y + 0.4). Not symmetric in x, y or sign, so a flipped, transposed or mirrored map shows. */
const classifier = (x: number, y: number) => 1 / (1 + Math.exp(-(4 * x - 3 * y + 0.4)));

const EXTENT = 1.2;
const RES = 24;
const SIZE = 96; // 4 canvas pixels per grid cell

/** Where the map's grid cell of a plane point is (row 0 at y = +extent), and the plane point at its centre. */
function cellOf(x: number, y: number): { centre: [number, number] } {
  const col = Math.floor(((x + EXTENT) / (2 * EXTENT)) * RES);
  const row = Math.floor(((EXTENT - y) / (2 * EXTENT)) * RES);
  return { centre: [-EXTENT + (2 * EXTENT * (col + 0.5)) / RES, EXTENT - (2 * EXTENT * (row + 0.5)) / RES] };
}

/** The classifier sampled as the experiment's decisionGrid lays it out: row-major, row 0 at the top, cell centres. */
function grid(): number[] {
  const prob: number[] = [];
  for (let r = 0; r < RES; r++) {
    for (let c = 0; c < RES; c++) prob.push(classifier(-EXTENT + (2 * EXTENT * (c + 0.5)) / RES, EXTENT - (2 * EXTENT * (r + 0.5)) / RES));
  }
  return prob;
}

/** The colours the lesson promises: orange (230,126,34) for class 0, blue (47,95,179) for class 1, white at 50/50, pale (55 % at certainty). */
function expectedBackground(p: number): number[] {
  const c = p < 0.5 ? [230, 126, 34] : [47, 95, 179];
  const k = 0.55 * Math.abs(2 * p - 1);
  return c.map((v) => 255 + (v - 255) * k);
}

/** Renders through the real renderer into jsdom and returns the RGB of canvas pixel (px, py). */
function render(d: DecisionMapData): { canvas: HTMLCanvasElement; rgb: (px: number, py: number) => number[]; el: HTMLElement; destroy: () => void } {
  const drawn = stubCanvas();
  const el = document.createElement('div');
  const map = createDecisionMap(el, { label: 'plain net', size: SIZE });
  map.update(d);
  const canvas = el.querySelector('canvas')!;
  const img = drawn.get(canvas)!;
  expect([img.width, img.height]).toEqual([SIZE, SIZE]);
  const rgb = (px: number, py: number) => Array.from(img.data.slice((py * SIZE + px) * 4, (py * SIZE + px) * 4 + 3));
  return { canvas, rgb, el, destroy: map.destroy };
}

/** Canvas pixel that shows plane point (x, y). */
const pixelOf = (x: number, y: number): [number, number] =>
  [Math.floor(((x + EXTENT) / (2 * EXTENT)) * SIZE), Math.floor(((EXTENT - y) / (2 * EXTENT)) * SIZE)];

describe('decision map renderer', () => {
  it('each pixel shows the classifier at its place in the plane (row 0 at the top, x to the right)', () => {
    const { rgb, canvas, destroy } = render({ prob: grid(), res: RES, points: [], labels: [], extent: EXTENT });
    expect(canvas.getAttribute('aria-label')).toBe('plain net');
    const places: [number, number][] = [[0.9, 0.6], [-0.8, 0.7], [0.05, -1.0], [-1.1, -1.1], [0.3, 0.1], [1.15, -1.15], [-0.6, -0.9], [0.0, 0.9], [-0.05, 0.05]];
    const seen = new Set<string>();
    for (const [x, y] of places) {
      const p = classifier(...cellOf(x, y).centre);
      const got = rgb(...pixelOf(x, y));
      expectedBackground(p).forEach((v, i) => expect(Math.abs(got[i] - v), `(${x}, ${y}) P = ${p.toFixed(3)}`).toBeLessThanOrEqual(0.5));
      // what the learner reads off it: blue where class 1 is likely, orange where class 0 is, near white at the boundary
      const kind = p > 0.9 ? 'blue' : p < 0.1 ? 'orange' : Math.abs(p - 0.5) < 0.05 ? 'white' : null;
      if (kind) seen.add(kind);
      if (kind === 'blue') expect(got[2]).toBeGreaterThan(got[0] + 50);
      if (kind === 'orange') expect(got[0]).toBeGreaterThan(got[2] + 50);
      if (kind === 'white') got.forEach((v) => expect(v).toBeGreaterThan(240));
    }
    expect([...seen].sort()).toEqual(['blue', 'orange', 'white']);
    // the same cell fills all its 4×4 pixels
    const [px, py] = pixelOf(0.9, 0.6);
    const cellX = px - (px % 4), cellY = py - (py % 4);
    for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) expect(rgb(cellX + dx, cellY + dy)).toEqual(rgb(px, py));
    destroy();
  });

  it('draws each training point where it lies, in its class colour with a dark rim, over the background', () => {
    // pixel-centred points, so the dot's centre, rim and outside are whole pixels
    const at = (px: number, py: number): [number, number] => [-EXTENT + ((px + 0.5) / SIZE) * 2 * EXTENT, EXTENT - ((py + 0.5) / SIZE) * 2 * EXTENT];
    const a = at(70, 20); // class 1
    const b = at(25, 60); // class 0
    const { rgb, destroy } = render({ prob: grid(), res: RES, points: [...a, ...b], labels: [1, 0], extent: EXTENT });
    expect(rgb(70, 20)).toEqual([47, 95, 179]);
    expect(rgb(25, 60)).toEqual([230, 126, 34]);
    expect(rgb(70 + 2, 20 + 2)).toEqual([40, 40, 40]); // 2.8 px out: on the rim
    expect(rgb(25 - 2, 60 + 2)).toEqual([40, 40, 40]);
    // 4 px out the background (the classifier) shows again
    for (const [x, y] of [[74, 20], [25, 64]] as const) {
      const p = classifier(...cellOf(...at(x, y)).centre);
      expectedBackground(p).forEach((v, i) => expect(Math.abs(rgb(x, y)[i] - v)).toBeLessThanOrEqual(0.5));
    }
    destroy();
  });

  it('a new update replaces the picture; destroy removes the canvas', () => {
    const drawn = stubCanvas();
    const el = document.createElement('div');
    const map = createDecisionMap(el, { label: 'residual net', size: 8 });
    map.update({ prob: [0, 0, 0, 0], res: 2, points: [], labels: [], extent: 1 });
    map.update({ prob: [1, 1, 1, 1], res: 2, points: [], labels: [], extent: 1 });
    const img = drawn.get(el.querySelector('canvas')!)!;
    expect(Array.from(img.data.slice(0, 3))).toEqual(expectedBackground(1).map(Math.round));
    map.destroy();
    expect(el.children.length).toBe(0);
  });

  it('probColour: white at 0.5 and for a missing value, clamped outside [0, 1]', () => {
    expect(probColour(0.5)).toEqual([255, 255, 255]);
    expect(probColour(NaN)).toEqual([255, 255, 255]);
    expect(probColour(-3)).toEqual(expectedBackground(0).map(Math.round));
    expect(probColour(7)).toEqual(expectedBackground(1).map(Math.round));
  });
});
