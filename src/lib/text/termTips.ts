/**
 * Escape hides the glossary tooltip that hover or focus opened (WCAG 1.4.13: dismissible without moving the
 * pointer or the focus). CSS shows a tip on :hover / :focus-within (app.css, .term); a dismissed term carries the
 * class `dismissed` until the pointer leaves it or focus moves out, after which it works as before.
 */

/** A window keydown handler: on Escape, dismisses every open term tip. Safe to register more than once. */
export function dismissTermTips(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  for (const term of document.querySelectorAll<HTMLElement>('.term:hover, .term:focus-within')) {
    if (term.classList.contains('dismissed')) continue;
    term.classList.add('dismissed');
    const restore = () => {
      term.classList.remove('dismissed');
      term.removeEventListener('mouseleave', restore);
      term.removeEventListener('focusout', restore);
    };
    term.addEventListener('mouseleave', restore);
    term.addEventListener('focusout', restore);
  }
}
