/**
 * Saving a figure's pictures: every canvas as PNG, every SVG chart as SVG (and PNG). An SVG copied out of the page
 * loses the page's CSS (classes, CSS variables, currentColor, the theme), so the copy gets each element's computed
 * colours and text styles written inline, and a background rect in the figure's own background colour, so it looks
 * the same opened alone (dark theme included).
 */
import { t } from '../i18n/index';

/** One picture in a figure: what it is called (its aria-label or caption) and the element. */
export interface FigureGraphic {
  label: string;
  el: HTMLCanvasElement | SVGSVGElement;
}

/** Smaller than this (px, either side) is an icon or a legend swatch, not a picture worth saving. */
const MIN_SIDE = 24;
/** Properties copied inline into an exported SVG: the ones CSS commonly sets on charts. */
const SVG_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'visibility', 'display'];

/** The canvases and SVGs under `root` worth saving, in document order (not inside buttons or the code cell). */
export function figureGraphics(root: Element): FigureGraphic[] {
  const out: FigureGraphic[] = [];
  for (const el of root.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg')) {
    if (el.parentElement?.closest('svg, button, .code-cell, .figure-menu')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < MIN_SIDE || r.height < MIN_SIDE) continue;
    out.push({ el, label: graphicLabel(el, out.length + 1) });
  }
  return out;
}

function graphicLabel(el: Element, n: number): string {
  const own = el.getAttribute('aria-label') ?? el.querySelector(':scope > title')?.textContent;
  const cap = el.closest('figure')?.querySelector(':scope > figcaption')?.textContent;
  const text = (own || cap || t('Picture {n}', { n: String(n) })).trim().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A self-contained SVG document of `svg`: computed styles inline, `background` painted behind, sized in px. */
export function serializeSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, copy);
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  if (!copy.getAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${Math.round(width)} ${Math.round(height)}`);
  copy.removeAttribute('class');
  const vb = copy.viewBox.baseVal;
  const bg = svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: vb.x, y: vb.y, width: vb.width, height: vb.height })) bg.setAttribute(k, String(v));
  bg.setAttribute('fill', background);
  copy.insertBefore(bg, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

/** Walks the original and its clone together, writing the original's computed styles onto the clone. */
function inlineStyles(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  const style = SVG_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  dst.setAttribute('style', `${style};${dst.getAttribute('style') ?? ''}`.replace(/var\([^)]*\)/g, ''));
  for (let i = 0; i < src.children.length; i++) inlineStyles(src.children[i], dst.children[i]);
}

/** The canvas as a PNG blob (its full pixel resolution). */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('The browser could not encode this picture as PNG.'))), 'image/png'));
}

/** An SVG document drawn to a PNG at `scale` × its CSS size (2: sharp on a projector). */
export async function svgPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(width * scale));
    c.height = Math.max(1, Math.round(height * scale));
    c.getContext('2d')!.drawImage(img, 0, 0, c.width, c.height);
    return await canvasPng(c);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Starts a download of `blob` named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium reads the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
