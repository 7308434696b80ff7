import { describe, it, expect } from 'vitest';
import { hubMirrorFromSearch, pageHubBase } from '../../src/lib/model/hubAddress';

describe('?hub= names a local mirror of the hub', () => {
  it('accepts loopback http addresses only', () => {
    expect(hubMirrorFromSearch('?hub=http://127.0.0.1:8123')).toBe('http://127.0.0.1:8123');
    expect(hubMirrorFromSearch('backend=wasm&hub=http%3A%2F%2Flocalhost%3A5000%2F')).toBe('http://localhost:5000/');
    for (const bad of ['?hub=https://huggingface.co', '?hub=http://evil.example', '?hub=http://localhost.evil.example',
      '?hub=http://127.0.0.1.nip.io', '?hub=http://localhost:80/x', '?hub=javascript:alert(1)', '?hub=', '?backend=cpu', '']) {
      expect(hubMirrorFromSearch(bad), bad).toBeNull();
    }
  });

  it('the page uses huggingface.co when the address names no mirror', () => {
    expect(pageHubBase()).toBe('https://huggingface.co'); // Node: no location at all
  });
});
