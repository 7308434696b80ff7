import { describe, it, expect } from 'vitest';
import { classifyRenderer } from '../../src/lib/backend/renderer';
import { backendOrder, chooseBackend, fallbackMessage, parseBackendName } from '../../src/lib/backend/choose';

describe('classifyRenderer', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'SwiftShader'],
    ['Google SwiftShader', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['Mesa softpipe', 'softpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
  ])('flags %s as a software renderer', (renderer, name) => {
    expect(classifyRenderer(renderer)).toEqual({ software: true, name });
  });

  it.each([
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'NVIDIA GeForce RTX 3060'],
    ['ANGLE (Intel, Intel(R) UHD Graphics 620 (0x00005917) Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Intel(R) UHD Graphics 620'],
    ['Apple M1', 'Apple M1'],
    ['Mesa Intel(R) Xe Graphics (TGL GT2)', 'Mesa Intel(R) Xe Graphics (TGL GT2)'],
  ])('treats %s as hardware', (renderer, name) => {
    expect(classifyRenderer(renderer)).toEqual({ software: false, name });
  });
});

describe('chooseBackend', () => {
  const gpu = { webgl2: true, renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', problem: null };
  const swiftshader = { webgl2: true, renderer: 'Google SwiftShader', problem: null };
  const none = { webgl2: false, renderer: null, problem: 'no context' };

  it('uses WebGL on a hardware GPU', () => {
    const plan = chooseBackend(gpu, null);
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.overridden).toBe(false);
  });
  it('prefers wasm on a software renderer and says why', () => {
    const plan = chooseBackend(swiftshader, null);
    expect(plan.order[0]).toBe('wasm');
    expect(plan.reason).toMatch(/SwiftShader.*software renderer/);
  });
  it('falls back to wasm then cpu without WebGL2, in plain words', () => {
    const plan = chooseBackend(none, null);
    expect(plan.order).toEqual(['wasm', 'cpu']);
    expect(plan.reason).toMatch(/WebGL2 is not available/);
    expect(plan.reason).toMatch(/slower than on a GPU/);
  });
  it('obeys the learner, keeping the others as fallbacks', () => {
    expect(chooseBackend(swiftshader, 'webgl').order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(chooseBackend(gpu, 'cpu')).toMatchObject({ order: ['cpu', 'webgl', 'wasm'], overridden: true });
  });
});

describe('parseBackendName', () => {
  it('accepts the three names in any case and rejects anything else', () => {
    expect(parseBackendName('WebGL')).toBe('webgl');
    expect(parseBackendName(' wasm ')).toBe('wasm');
    expect(parseBackendName('cpu')).toBe('cpu');
    expect(parseBackendName('webgpu')).toBeNull();
    expect(parseBackendName(null)).toBeNull();
  });
});

describe('fallbackMessage', () => {
  const plan = { order: ['webgl', 'wasm', 'cpu'] as const, reason: '', overridden: false };
  it('is null when the first choice started', () => {
    expect(fallbackMessage({ ...plan, order: [...plan.order] }, 'webgl', {})).toBeNull();
  });
  it('names what failed, what is slower and what to do', () => {
    const wasm = fallbackMessage({ ...plan, order: [...plan.order] }, 'wasm', { webgl: 'context creation failed' });
    expect(wasm).toMatch(/WebGL2 could not start \(context creation failed\)/);
    expect(wasm).toMatch(/hardware acceleration/);
    const cpu = fallbackMessage({ ...plan, order: [...plan.order] }, 'cpu', { webgl: 'no context', wasm: 'binary missing' });
    expect(cpu).toMatch(/Neither WebGL2 nor WebAssembly could start \(WebGL2: no context; WebAssembly: binary missing\)/);
    expect(cpu).toMatch(/25× slower/);
  });
});

describe('backendOrder (the page\'s and the training worker\'s fallback order)', () => {
  it('puts the chosen backend first, then the others fastest-on-a-GPU first', () => {
    expect(backendOrder('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm')).toEqual(['wasm', 'webgl', 'cpu']);
    expect(backendOrder('cpu')).toEqual(['cpu', 'webgl', 'wasm']);
  });
});
