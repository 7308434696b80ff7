/**
 * Teach it's "Pictures from …" line is worded where it is shown: a language switch after the example set was made
 * rewords it (it was fixed in the language of the moment the set was made).
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import SourcesPanel from '../../../lessons/teach-it/SourcesPanel.svelte';
import { TeachSession } from '../../../lessons/teach-it/TeachSession.svelte';
import { setLocale } from '../../../src/lib/i18n/index';
import type { LoadedModel } from '../../../src/lib/model/LoadedModel.svelte';

afterEach(() => {
  setLocale('en');
  document.body.innerHTML = '';
});

describe('SourcesPanel', () => {
  it('rewords where the pictures come from when the language changes', () => {
    // Making the example set touches neither the model nor the backend.
    const session = new TeachSession({} as LoadedModel, () => 'cpu');
    const app = mount(SourcesPanel, { target: document.body, props: { session, video: undefined, camLive: false, onCamera: () => undefined } });
    try {
      (document.querySelector('[data-testid=teach-example]') as HTMLButtonElement).click();
      flushSync();
      const line = () => document.querySelector('[data-testid=teach-origin]')?.textContent;
      expect(line()).toBe('Pictures from the procedural example set (drawings, not photos).');
      setLocale('zh');
      flushSync();
      expect(line()).not.toContain('procedural');
      expect(line()).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      unmount(app);
    }
  });
});
