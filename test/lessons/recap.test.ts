/**
 * The "What you learned" steps: every lesson in scope ends with one, its answers fold away in <details>, and the
 * numbers its answers state are recomputed here from first principles (not read from the lesson's code).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { recapMd, recapStep } from '../../src/lib/text/recap';

const LESSONS = ['welcome', 'convolution', 'pooling', 'batchnorm', 'how-networks-learn', 'residual-block', 'why-residuals', 'architecture', 'run-it', 'train-it', 'teach-it', 'ship-it'];
const source = (id: string) => readFileSync(`lessons/${id}/lesson.ts`, 'utf8');
/** Output size of a convolution or pooling window, straight from the definition: count the window positions. */
function positions(n: number, k: number, s: number, p = 0): number {
  let count = 0;
  for (let start = -p; start + k <= n + p; start += s) count++;
  return count;
}

describe('recap steps', () => {
  it('render the list, numbered questions and one folded answer per question', () => {
    const md = recapMd(['one', 'two'], [{ q: 'Q1?', a: 'A1.' }, { q: 'Q2?', a: 'A2.' }]);
    expect(md).toMatch(/^- one\n- two\n/);
    expect(md.match(/<details class="check-answer">/g)).toHaveLength(2);
    expect(md).toContain('**2.** Q2?\n\n<details class="check-answer">\n<summary>Answer to question 2</summary>\n\nA2.\n\n</details>');
    expect(recapStep(['x'], [{ q: 'q', a: 'a' }]).title).toBe('What you learned');
  });

  it.each(LESSONS)('%s ends with a "What you learned" step of two or three questions', (id) => {
    const src = source(id);
    const at = src.lastIndexOf('recapStep([');
    expect(at).toBeGreaterThan(0);
    expect(src.slice(at).match(/\{ q: /g)?.length).toBeGreaterThanOrEqual(2);
    expect(src.slice(at).match(/\{ q: /g)?.length).toBeLessThanOrEqual(3);
    expect(src.slice(at)).toMatch(/\]\),\s*\],\s*\};/); // the last step of the lesson
  });

  it('state numbers that are true', () => {
    expect(positions(7, 3, 1)).toBe(5);
    expect(source('convolution')).toContain("a: '5×5");
    expect(positions(224, 7, 2, 3)).toBe(112);
    expect(source('convolution')).toContain("a: '112×112");
    expect(3 * 3 * 64 * 128).toBe(73728);
    expect(source('convolution')).toContain('73{,}728');
    expect(positions(6, 2, 2)).toBe(3);
    expect(source('pooling')).toContain("a: '3×3");
    expect(512 * 1000 + 1000).toBe(513000);
    expect(source('pooling')).toContain('513{,}000');
    expect(8 * 14 * 14).toBe(1568);
    expect(source('batchnorm')).toContain('1{,}568');
    let running = 0;
    for (let step = 0; step < 5; step++) running = 0.9 * running + 0.1 * 1; // PyTorch's update, batch mean 1
    expect(Math.round(running * 100)).toBe(41);
    expect(source('batchnorm')).toContain('41 %');
    expect(128 * 256 + 2 * 256).toBe(33280);
    expect(source('residual-block')).toContain('33{,}280');
    expect(((255 / 255 - 0.485) / 0.229).toFixed(3)).toBe('2.249');
    expect(source('run-it')).toContain('\\\\approx 2.249');
    expect((-Math.log(0.5)).toFixed(3)).toBe('0.693');
    expect(source('why-residuals')).toContain('about 0.693');
    expect(positions(5, 3, 1) ** 2).toBe(9);
    expect(source('welcome')).toContain("a: '9 outputs");
    // Stage 3 of ResNet-18 at 224: stem 224 → 112, max-pool → 56, stages 2 and 3 halve (3×3, stride 2, padding 1).
    const stage3 = positions(positions(positions(positions(224, 7, 2, 3), 3, 2, 1), 3, 2, 1), 3, 2, 1);
    expect(stage3).toBe(14);
    expect(source('architecture')).toContain("a: '14×14×256");
    expect((1 - 0.1) + 0.1 / 10).toBeCloseTo(0.91, 12);
    expect(source('train-it')).toContain('= 0.91$ for the true class and $0.1/10 = 0.01$');
    expect(0.5 * 1e-3 * (1 + Math.cos(Math.PI / 2))).toBeCloseTo(5e-4, 15);
    expect(source('train-it')).toContain('= 5\\\\times 10^{-4}$');
  });
});
