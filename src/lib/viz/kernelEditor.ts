/**
 * An editable k×k kernel: a grid of number inputs (Tab / Shift+Tab between cells, ↑/↓ step the value,
 * typing replaces it). Every valid edit calls `onChange` with the whole kernel at once — the figure
 * recomputes with no button. Invalid text is flagged (aria-invalid) and not passed on.
 */
import { formatValue } from './colorScale';

export interface KernelEditorOptions {
  /** Accessible name, e.g. "Kernel weights". */
  label: string;
  /** Called with a fresh row-major copy after every valid edit. */
  onChange: (kernel: number[][]) => void;
  /** ↑/↓ increment (default 1). */
  step?: number;
}

export interface KernelEditor {
  /** Shows a kernel (from a preset or a size change); leaves a cell alone while its text means the same number. */
  update(kernel: number[][]): void;
  destroy(): void;
}

/** Parses a cell's text: plain decimals or a simple fraction like "1/9". NaN when it is neither. */
export function parseCell(text: string): number {
  const t = text.trim().replace(',', '.').replace('−', '-');
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[2]) === 0 ? NaN : Number(frac[1]) / Number(frac[2]);
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(t)) return NaN;
  return Number(t);
}

/** Creates the editor grid inside `element`. */
export function createKernelEditor(element: HTMLElement, options: KernelEditorOptions): KernelEditor {
  const doc = element.ownerDocument;
  const grid = doc.createElement('div');
  grid.className = 'kernel-editor';
  grid.setAttribute('role', 'group');
  grid.setAttribute('aria-label', options.label);
  grid.style.display = 'grid';
  grid.style.gap = '2px';
  element.append(grid);
  let kernel: number[][] = [];
  let inputs: HTMLInputElement[] = [];

  const onInput = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const v = parseCell(input.value);
    if (!Number.isFinite(v)) {
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    const r = Number(input.dataset.r);
    const c = Number(input.dataset.c);
    kernel = kernel.map((row) => row.slice());
    kernel[r][c] = v;
    options.onChange(kernel.map((row) => row.slice()));
  };

  const onKey = (e: KeyboardEvent) => {
    const input = e.target as HTMLInputElement;
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') {
      // Typing in a cell must not page the lesson (the shell listens for ← →).
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') e.stopPropagation();
      return;
    }
    e.preventDefault();
    const cur = parseCell(input.value);
    const next = (Number.isFinite(cur) ? cur : 0) + (e.key === 'ArrowUp' ? 1 : -1) * (options.step ?? 1);
    input.value = formatValue(Math.round(next * 1e6) / 1e6);
    input.dispatchEvent(new (doc.defaultView ?? window).Event('input', { bubbles: true }));
  };
  grid.addEventListener('input', onInput);
  grid.addEventListener('keydown', onKey);

  function build(k: number) {
    grid.style.gridTemplateColumns = `repeat(${k}, minmax(2.6em, 3.6em))`;
    inputs = [];
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const input = doc.createElement('input');
        input.type = 'text';
        input.inputMode = 'decimal';
        input.dataset.r = String(r);
        input.dataset.c = String(c);
        input.setAttribute('aria-label', `weight row ${r + 1}, column ${c + 1}`);
        input.style.width = '100%';
        input.style.textAlign = 'center';
        input.style.boxSizing = 'border-box';
        inputs.push(input);
      }
    }
    grid.replaceChildren(...inputs);
  }

  return {
    update(next) {
      if (next.length * next.length !== inputs.length) build(next.length);
      kernel = next.map((row) => row.slice());
      for (const input of inputs) {
        const v = kernel[Number(input.dataset.r)][Number(input.dataset.c)];
        if (parseCell(input.value) !== v) input.value = formatValue(v);
        input.removeAttribute('aria-invalid');
      }
    },
    destroy() {
      grid.removeEventListener('input', onInput);
      grid.removeEventListener('keydown', onKey);
      grid.remove();
    },
  };
}
