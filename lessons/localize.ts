import type { Cell, Lesson, LessonMeta, LessonText } from './types';

/**
 * Lays a translation over a lesson: titles, prose, alt texts and captions come from `text`, figures and their
 * other props from the lesson. A translation whose shape does not match (a step or cell added in English and not
 * yet translated) falls back to English for what does not match, never to a broken page.
 */
export function localizeLesson(lesson: Lesson, text: LessonText): Lesson {
  return {
    ...lesson,
    title: text.title,
    steps: lesson.steps.map((step, s) => {
      const ts = text.steps[s];
      if (!ts) return step;
      return { title: ts.title, cells: step.cells.map((cell, c) => localizeCell(cell, ts.cells[c])) };
    }),
  };
}

function localizeCell(cell: Cell, text: LessonText['steps'][number]['cells'][number] | undefined): Cell {
  if (text === undefined) return cell;
  if (cell.kind === 'text') return typeof text === 'string' ? { kind: 'text', md: text } : cell;
  if (typeof text === 'string') return cell;
  return {
    ...cell,
    alt: text.alt,
    caption: text.caption ?? cell.caption,
    props: text.props ? { ...cell.props, ...text.props } : cell.props,
  };
}

/** The table of contents' entries in a language: titles and summaries from `zh` where present. */
export function localizeSyllabus(syllabus: LessonMeta[], zh: Record<string, { title: string; summary: string }> | null): LessonMeta[] {
  if (!zh) return syllabus;
  return syllabus.map((m) => (zh[m.id] ? { ...m, ...zh[m.id] } : m));
}
