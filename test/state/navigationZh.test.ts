/** The step navigation's label is worded in the page's language when it is computed (issue 17). */
import { describe, it, expect, afterEach } from 'vitest';
import { neighbours } from '../../src/lib/state/navigation';
import { i18n } from '../../src/lib/i18n/index';

const syllabus = [
  { id: 'a', title: 'Alpha', summary: '' },
  { id: 'b', title: '卷积', summary: '' },
];

afterEach(() => { i18n.current = 'en'; });

describe('nextLabel', () => {
  it('is English on the English page and Chinese on the Chinese one, naming the next lesson', () => {
    expect(neighbours(syllabus, () => true, 'a', 1, 3).nextLabel).toBe('Next');
    expect(neighbours(syllabus, () => true, 'a', 3, 3).nextLabel).toBe('Next lesson: 卷积');
    i18n.current = 'zh';
    expect(neighbours(syllabus, () => true, 'a', 1, 3).nextLabel).toBe('下一步');
    expect(neighbours(syllabus, () => true, 'a', 3, 3).nextLabel).toBe('下一课：卷积');
    expect(neighbours(syllabus, () => true, 'b', 2, 2)).toMatchObject({ next: null, nextLabel: '下一步' });
  });
});
