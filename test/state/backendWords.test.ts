/**
 * The backend's reasons and fallback notes are worded where they are shown, in the page's language (issue 17):
 * the same plan gives the English the tests above check and the Chinese of the catalogue.
 */
import { describe, it, expect } from 'vitest';
import { chooseBackend, fallbackMessage, planReason } from '../../src/lib/backend/choose';
import { tIn } from '../../src/lib/i18n/index';

const zh = (en: string, params?: Record<string, string>) => tIn('zh', en, params);

describe('backend words in Chinese', () => {
  it('a software renderer: the same plan, worded in Chinese with the renderer named', () => {
    const plan = chooseBackend({ webgl2: true, renderer: 'Google SwiftShader', problem: null }, null);
    expect(planReason(plan.why!)).toBe(plan.reason);
    const text = planReason(plan.why!, zh);
    expect(text).toContain('SwiftShader');
    expect(text).toContain('软件渲染器');
    expect(text).not.toMatch(/software renderer/);
  });

  it('no WebGL2: the known problem is translated too, an unknown one kept as the browser said it', () => {
    const known = chooseBackend({ webgl2: false, renderer: null, problem: 'the browser gave no WebGL2 context: WebGL is switched off or unsupported' }, null);
    expect(planReason(known.why!, zh)).toMatch(/^此处无法使用 WebGL2（浏览器没有提供 WebGL2 上下文/);
    const odd = chooseBackend({ webgl2: false, renderer: null, problem: 'GL_OUT_OF_MEMORY' }, null);
    expect(planReason(odd.why!, zh)).toContain('（GL_OUT_OF_MEMORY）');
  });

  it('fallback to cpu names every failure in Chinese words around them', () => {
    const plan = { order: ['webgl', 'wasm', 'cpu'] as ('webgl' | 'wasm' | 'cpu')[], reason: '', overridden: false };
    const text = fallbackMessage(plan, 'cpu', { webgl: 'no context', wasm: 'binary missing' }, zh)!;
    expect(text).toMatch(/^WebGL2 和 WebAssembly 都无法启动 \(WebGL2: no context; WebAssembly: binary missing\)/);
    expect(text).toContain('25 倍');
  });
});
