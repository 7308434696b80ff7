/**
 * Where "previous" and "next" lead from a step: within the lesson, then across to the neighbouring ready
 * lessons (lessons still coming are skipped). Pure, so the rules are unit-tested.
 */
import type { LessonMeta } from '../../../lessons/types';
import { t } from '../i18n/index';

/** Hashes for the step before and after, or null at the ends of the notebook. */
export interface Neighbours {
  prev: string | null;
  next: string | null;
  /** "Next" inside a lesson, "Next lesson: <title>" on its last step (in the page's language). */
  nextLabel: string;
}

/** Computes the neighbours of step `step` (1-based) of lesson `id`, which has `stepCount` steps. */
export function neighbours(
  syllabus: LessonMeta[],
  isReady: (id: string) => boolean,
  id: string,
  step: number,
  stepCount: number,
): Neighbours {
  const ready = syllabus.filter((l) => isReady(l.id));
  const at = ready.findIndex((l) => l.id === id);
  const before = at > 0 ? ready[at - 1] : null;
  const after = at >= 0 && at < ready.length - 1 ? ready[at + 1] : null;
  // '#/<id>/last' opens a lesson on its last step (the shell clamps it once the lesson has loaded).
  const prev = step > 1 ? `#/${id}/${step - 1}` : before ? `#/${before.id}/last` : null;
  if (step < stepCount) return { prev, next: `#/${id}/${step + 1}`, nextLabel: t('Next') };
  return { prev, next: after ? `#/${after.id}/1` : null, nextLabel: after ? t('Next lesson: {title}', { title: after.title }) : t('Next') };
}
