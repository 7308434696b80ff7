/**
 * Theme colours for renderers: the page's CSS custom properties (src/app.css, light and dark), with the light
 * value as fallback where no stylesheet is loaded (jsdom, an exported SVG). Set them with selection.style() —
 * SVG presentation attributes do not read var() — and the figure follows a theme switch without a redraw.
 * For text on the page background, `fill: currentColor` (the inherited --ink) does the same.
 */
export const THEME = {
  /** Body text. */
  ink: 'var(--ink, #1d232b)',
  /** Secondary text and quiet lines (axes, the main path of a graph). */
  muted: 'var(--muted, #5c6673)',
  /** Error text. */
  error: 'var(--error-ink, #8a1c1c)',
  /** Red marks and their labels (a minimum on a loss surface). */
  red: 'var(--text-red, #c0392b)',
  /** Amber-brown marks and their labels, readable as text on both themes. */
  amber: 'var(--warn-ink, #6b4a00)',
  /** The accent blue, for a figure's one highlighted line. */
  accent: 'var(--accent, #2f5fb3)',
} as const;
