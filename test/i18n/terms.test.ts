/**
 * One word per idea across the Chinese site: no Chinese text (lesson.zh.ts files, the catalogues, the glossary)
 * uses a variant the terminology list (src/lib/i18n/terms.zh.ts) rejects, and the glossary's Chinese headwords
 * are the list's words.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TERMS_ZH } from '../../src/lib/i18n/terms.zh';
import { GLOSSARY_ZH } from '../../src/lib/text/glossary.zh';

const zhFiles = [
  ...readdirSync('lessons').map((d) => join('lessons', d, 'lesson.zh.ts')).filter((p) => existsSync(p)),
  ...readdirSync('src/lib/i18n/zh').map((f) => join('src/lib/i18n/zh', f)),
  'src/lib/text/glossary.zh.ts', 'lessons/syllabus.zh.ts',
];

describe('Chinese terminology', () => {
  it('the list has the issue\'s terms', () => {
    const words = TERMS_ZH.map((t) => t.zh).join(' ');
    for (const w of ['卷积', '步幅', '填充', '膨胀', '空洞卷积', '池化', '批量归一化', '残差块', '捷径连接', '恒等映射', '感受野',
      '特征图', '学习率', '动量', '权重衰减', '余弦退火', '数据增强', '微调', '量化', '知识蒸馏']) expect(words).toContain(w);
  });

  it.each(zhFiles)('%s uses no rejected variant', (file) => {
    const text = readFileSync(file, 'utf8');
    const found = TERMS_ZH.flatMap((t) => (t.avoid ?? []).filter((a) => text.includes(a)).map((a) => `${a} (use ${t.zh})`));
    expect(found).toEqual([]);
  });

  it('glossary headwords come from the list', () => {
    const words = TERMS_ZH.map((t) => t.zh).join(' ');
    for (const [en, zh] of Object.entries(GLOSSARY_ZH)) {
      const head = zh.term.replace(/（.*?）/g, '');
      if (/[\u4e00-\u9fff]/.test(head)) expect(words, `${en}: ${zh.term}`).toContain(head);
    }
  });
});
