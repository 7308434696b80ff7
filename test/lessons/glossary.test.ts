/**
 * Glossary marks in lesson prose: every [[term]] / [[term|shown]] in every lessons/<id>/lesson.ts names an entry
 * of src/lib/text/glossary.ts (read from the source text, so a lesson whose figures need a browser is covered too).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY, lookupTerm, markedTerms } from '../../src/lib/text/glossary';

const lessonFiles = readdirSync('lessons', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('lessons', d.name, 'lesson.ts')))
  .map((d) => join('lessons', d.name, 'lesson.ts'));

describe('glossary marks in lessons', () => {
  it('finds the lessons and marks in them (the scan is not vacuous)', () => {
    expect(lessonFiles.length).toBeGreaterThanOrEqual(10);
    const total = lessonFiles.reduce((n, f) => n + markedTerms(readFileSync(f, 'utf8')).length, 0);
    expect(total).toBeGreaterThanOrEqual(30);
  });

  it.each(lessonFiles)('every term marked in %s resolves to a glossary entry', (file) => {
    const unknown = markedTerms(readFileSync(file, 'utf8')).filter((t) => !lookupTerm(t));
    expect(unknown).toEqual([]);
  });

  it('the issue\'s terms each have an entry', () => {
    const wanted = ['logit', 'stride', 'padding', 'dilation', 'receptive field', 'feature map', 'batch norm',
      'running statistics', 'residual', 'shortcut', 'projection shortcut', 'epoch', 'batch', 'learning rate',
      'momentum', 'weight decay', 'softmax', 'cross-entropy', 'gradient', 'backpropagation', 'Grad-CAM', 'top-1',
      'top-5', 'fine-tuning', 'quantization'];
    expect(wanted.filter((t) => !lookupTerm(t))).toEqual([]);
  });
});

describe('glossary entries', () => {
  it('are looked up by headword or alias, ignoring case and spacing, and nothing else', () => {
    expect(lookupTerm('Receptive  Field')?.term).toBe('receptive field');
    expect(lookupTerm('logits')?.term).toBe('logit');
    expect(lookupTerm('BN')?.term).toBe('batch norm');
    expect(lookupTerm('receptive')).toBeUndefined();
  });

  it('are a sentence or two of plain text (tooltips show no TeX) with no headword twice', () => {
    for (const e of GLOSSARY) {
      const sentences = e.definition.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
      expect(sentences, e.term).toBeGreaterThanOrEqual(1);
      expect(sentences, e.term).toBeLessThanOrEqual(3);
      expect(e.definition, e.term).not.toMatch(/[$\\]/);
    }
    expect(new Set(GLOSSARY.map((e) => e.term.toLowerCase())).size).toBe(GLOSSARY.length);
  });

  it('markedTerms reads both forms and skips code such as tfjs padding arrays', () => {
    expect(markedTerms('a [[stride]], [[logit|logits]] and [[0, 0], [1, 1]] or [[1]]')).toEqual(['stride', 'logit', '1']);
  });
});
