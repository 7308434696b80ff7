import type { Component } from 'svelte';

/**
 * A cell is one block of a step: prose (markdown with $inline$ and $$display$$ KaTeX maths)
 * or a live figure (a Svelte component plus its props). Figures always carry a text alternative.
 */
export type Cell =
  | { kind: 'text'; md: string }
  | {
      kind: 'figure';
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      component: Component<any>;
      props?: Record<string, unknown>;
      /** Text alternative read by screen readers and shown when the figure cannot run. */
      alt: string;
      caption?: string;
    };

/** One screen of a lesson; addressed as #/<lessonId>/<stepNumber> (1-based). */
export interface Step {
  title: string;
  cells: Cell[];
}

/** A lesson module's default export. */
export interface Lesson {
  id: string;
  title: string;
  steps: Step[];
}

/** What the table of contents knows about a lesson before its code is loaded. */
export interface LessonMeta {
  id: string;
  title: string;
  summary: string;
}

/** A figure cell's words in another language (props only where a figure is given words through them). */
export interface FigureText {
  alt: string;
  caption?: string;
  props?: Record<string, unknown>;
}

/**
 * A lesson's words in another language, in the same shape as the lesson: one entry per step and per cell, a
 * string for a text cell (markdown, same maths and glossary marks) and a FigureText for a figure.
 * Lives beside the lesson as lessons/<id>/lesson.zh.ts; test/i18n/lessonText.test.ts checks the shapes match.
 */
export interface LessonText {
  title: string;
  steps: { title: string; cells: (string | FigureText)[] }[];
}
