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
} as const;
