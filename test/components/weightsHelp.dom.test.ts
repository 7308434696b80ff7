/**
 * The weights help under the weights panel: the file sizes it states match the HF fixture (microsoft/resnet-18's
 * files), the classroom steps name the URL layout hubUrl builds, and the forget control says what it frees and
 * empties the browser's copy (a stand-in CacheStorage).
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync, tick } from 'svelte';
import { statSync } from 'node:fs';
import path from 'node:path';
import WeightsHelp from '../../src/components/model/WeightsHelp.svelte';
import { CACHE_NAME, hubUrl } from '../../src/lib/hub/hub';
import { fixtureRoot } from '../helpers/fixtures';

const size = (f: string) => statSync(path.join(fixtureRoot(), 'resnet18/hf', f)).size;
const settle = async () => { for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 0)); await tick(); } flushSync(); };

afterEach(() => { delete (globalThis as { caches?: CacheStorage }).caches; });

describe('WeightsHelp', () => {
  it('states the real files and sizes, and the ?hub= layout the loader asks for', async () => {
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(WeightsHelp, { target });
    await settle();
    const text = target.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain(`config.json (about ${Math.round(size('config.json') / 1e4) * 10} KB`);
    expect(size('preprocessor_config.json')).toBeLessThan(1000);
    expect(text).toContain('preprocessor_config.json (under 1 KB)');
    expect(text).toContain(`model.safetensors (about ${(size('model.safetensors') / 1e6).toFixed(1)} MB)`);
    expect(hubUrl('http://localhost:8000', 'microsoft/resnet-18', 'main', 'config.json')).toBe('http://localhost:8000/microsoft/resnet-18/resolve/main/config.json');
    expect(text).toContain('dist/microsoft/resnet-18/resolve/main/');
    expect(text).toContain('http://localhost:8000/?hub=http://localhost:8000');
    expect(text).toContain('no Cache API');
    unmount(view);
  });

  it('says how much forgetting frees, and frees it', async () => {
    const store = new Map([['https://huggingface.co/microsoft/resnet-18/resolve/main/model.safetensors', new Uint8Array(2_500_000)]]);
    const stores = new Map([[CACHE_NAME, store]]);
    (globalThis as { caches?: CacheStorage }).caches = {
      has: async (n: string) => stores.has(n),
      delete: async (n: string) => stores.delete(n),
      open: async (n: string) => {
        const s = stores.get(n) ?? new Map();
        return { keys: async () => [...s.keys()].map((u) => ({ url: u })), match: async (r: { url: string }) => (s.has(r.url) ? new Response(s.get(r.url)! as BlobPart) : undefined) };
      },
    } as unknown as CacheStorage;
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(WeightsHelp, { target });
    await settle();
    const button = target.querySelector<HTMLButtonElement>('[data-testid=weights-forget]')!;
    expect(button.textContent).toBe('Forget cached weights (frees 2.5 MB)');
    button.click();
    await settle();
    expect(stores.has(CACHE_NAME)).toBe(false);
    expect(target.textContent).toContain('Freed 2.5 MB (1 files)');
    expect(target.querySelector('[data-testid=weights-cache]')!.textContent).toContain('keeps no downloaded weights');
    unmount(view);
  });
});
