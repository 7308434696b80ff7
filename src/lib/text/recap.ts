/**
 * The "What you learned" step that ends a lesson: a few lines, then check questions whose answers the learner
 * reveals (a <details> under each question). Plain lesson markdown, so maths and [[glossary]] marks work in both.
 */
import type { Step } from '../../../lessons/types';
import type { Locale } from '../i18n/index';

const WORDS: Record<Locale, { title: string; check: string; answer: (n: number) => string }> = {
  en: { title: 'What you learned', check: 'Check yourself', answer: (n) => `Answer to question ${n}` },
  zh: { title: '本课小结', check: '自我检测', answer: (n) => `第 ${n} 题答案` },
};

/** One check question and its answer (markdown; the answer must be true of the lesson's own figures). */
export interface CheckQuestion {
  q: string;
  a: string;
}

/** The markdown of a recap: `learned` as a list, then numbered questions, each answer in its own <details>. */
export function recapMd(learned: string[], questions: CheckQuestion[], locale: Locale = 'en'): string {
  const w = WORDS[locale];
  const list = learned.map((line) => `- ${line}`).join('\n');
  const qs = questions.map(({ q, a }, i) =>
    `**${i + 1}.** ${q}\n\n<details class="check-answer">\n<summary>${w.answer(i + 1)}</summary>\n\n${a}\n\n</details>`);
  return `${list}\n\n## ${w.check}\n\n${qs.join('\n\n')}\n`;
}

/** A lesson's last step, titled "What you learned" (本课小结 in Chinese). */
export function recapStep(learned: string[], questions: CheckQuestion[], locale: Locale = 'en'): Step {
  return { title: WORDS[locale].title, cells: [{ kind: 'text', md: recapMd(learned, questions, locale) }] };
}

/** The same recap as a translation entry of lessons/<id>/lesson.zh.ts (LessonText's step shape). */
export function recapText(learned: string[], questions: CheckQuestion[]): { title: string; cells: string[] } {
  return { title: WORDS.zh.title, cells: [recapMd(learned, questions, 'zh')] };
}
