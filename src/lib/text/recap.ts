/**
 * The "What you learned" step that ends a lesson: a few lines, then check questions whose answers the learner
 * reveals (a <details> under each question). Plain lesson markdown, so maths and [[glossary]] marks work in both.
 */
import type { Step } from '../../../lessons/types';

/** One check question and its answer (markdown; the answer must be true of the lesson's own figures). */
export interface CheckQuestion {
  q: string;
  a: string;
}

/** The markdown of a recap: `learned` as a list, then numbered questions, each answer in its own <details>. */
export function recapMd(learned: string[], questions: CheckQuestion[]): string {
  const list = learned.map((line) => `- ${line}`).join('\n');
  const qs = questions.map(({ q, a }, i) =>
    `**${i + 1}.** ${q}\n\n<details class="check-answer">\n<summary>Answer to question ${i + 1}</summary>\n\n${a}\n\n</details>`);
  return `${list}\n\n## Check yourself\n\n${qs.join('\n\n')}\n`;
}

/** A lesson's last step, titled "What you learned". */
export function recapStep(learned: string[], questions: CheckQuestion[]): Step {
  return { title: 'What you learned', cells: [{ kind: 'text', md: recapMd(learned, questions) }] };
}
