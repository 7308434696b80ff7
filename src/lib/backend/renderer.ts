/**
 * Which GPU renderer does this browser give WebGL? Software renderers (SwiftShader, llvmpipe, …) run
 * WebGL shaders on the CPU and are far slower than tfjs's wasm backend, so the shell avoids them.
 */

/** Result of probing WebGL2 once, before tfjs touches it. */
export interface WebglProbe {
  /** A WebGL2 context could be created. */
  webgl2: boolean;
  /** UNMASKED_RENDERER_WEBGL when the debug extension is exposed, else gl.RENDERER; null without WebGL2. */
  renderer: string | null;
  /** Why WebGL2 is missing, in plain words (null when it works). */
  problem: string | null;
}

/** Classification of a renderer string. */
export interface RendererClass {
  software: boolean;
  /** Short human name, e.g. "SwiftShader" or "NVIDIA GeForce RTX 3060". */
  name: string;
}

const SOFTWARE: [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
  [/software rasterizer|software adapter/i, 'software rasterizer'],
  [/lavapipe/i, 'lavapipe'],
];

/** Tells a software renderer from real GPU hardware by its renderer string (case-insensitive). */
export function classifyRenderer(renderer: string): RendererClass {
  for (const [re, name] of SOFTWARE) if (re.test(renderer)) return { software: true, name };
  // ANGLE wraps the real name: "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)".
  const angle = /^ANGLE \((.*)\)$/.exec(renderer.trim());
  if (!angle) return { software: false, name: renderer.trim() };
  const parts = angle[1].split(', ');
  const name = (parts[1] ?? parts[0])
    .replace(/\s*\(0x[0-9a-f]+\)/i, '')
    .replace(/\s+(Direct3D|OpenGL|Vulkan).*$/, '')
    .trim();
  return { software: false, name };
}

/**
 * Creates a throw-away WebGL2 context on a canvas from `doc`, reads the renderer string and releases the
 * context again (WEBGL_lose_context), so tfjs later makes its own.
 */
export function probeWebgl(doc: Document = document): WebglProbe {
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = doc.createElement('canvas').getContext('webgl2');
  } catch (err) {
    return { webgl2: false, renderer: null, problem: `creating a WebGL2 context threw: ${String(err)}` };
  }
  if (!gl) {
    return { webgl2: false, renderer: null, problem: 'the browser gave no WebGL2 context: WebGL is switched off or unsupported' };
  }
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { webgl2: true, renderer, problem: null };
}
