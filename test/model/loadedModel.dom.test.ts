/**
 * The one loaded-model store with the full ResNet-18 and the Hugging Face fixture (../shared/fixtures/resnet18/hf):
 * what its weights are after each load (checked against the fixture's tensors transposed here by plain loops,
 * and its config.json / preprocessor_config.json read here), that a failed load of any kind changes nothing,
 * that a newer load overrides an older one, and that loading again allocates no tensors.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { parseSafetensors, serializeSafetensors, toFloat32, RESNET18_PREPROCESS, type TensorToWrite } from '../../src/lib/nn';
import { readFixture } from '../helpers/fixtures';

const NAMES = ['config.json', 'preprocessor_config.json', 'model.safetensors'] as const;
const bytes = Object.fromEntries(NAMES.map((n) => [n, readFixture(`resnet18/hf/${n}`)])) as Record<(typeof NAMES)[number], Uint8Array>;
const config = JSON.parse(new TextDecoder().decode(bytes['config.json'])) as { id2label: Record<string, string> };
const preJson = JSON.parse(new TextDecoder().decode(bytes['preprocessor_config.json']));
const fixture = parseSafetensors(bytes['model.safetensors']).tensors;
const file = (body: BlobPart, name: string) => new File([body], name);
const hfFiles = () => NAMES.map((n) => file(bytes[n] as BlobPart, n));

/** OIHW [o,i,h,w] → HWIO, by loops. */
function oihwToHwio(src: Float32Array, [o, i, h, w]: number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[((y * w + x) * i + b) * o + a] = src[((a * i + b) * h + y) * w + x];
  }
  return out;
}

/** [out,in] → [in,out], by loops. */
function transpose2d(src: Float32Array, [r, c]: number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let a = 0; a < r; a++) for (let b = 0; b < c; b++) out[b * r + a] = src[a * c + b];
  return out;
}

/** What the store says about itself, for before/after comparisons. */
const facts = (m: LoadedModel) => ({ source: m.source, description: m.description, labels: m.labels, preprocess: m.preprocess, hub: m.hub, version: m.version });

/** A fingerprint of every variable's values (sum and sum of squares, float64). */
async function fingerprint(m: LoadedModel): Promise<number[]> {
  const out: number[] = [];
  for (const v of [...m.resnet.params.values(), ...m.resnet.buffers.values()]) {
    const d = await v.data();
    let s = 0, q = 0;
    for (let i = 0; i < d.length; i++) { s += d[i]; q += d[i] * d[i]; }
    out.push(s, q);
  }
  return out;
}

let server: http.Server;
let hubBase = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  server = http.createServer((req, res) => {
    const m = /^\/(microsoft\/resnet-18|test\/slow)\/resolve\/main\/([\w.]+)$/.exec(req.url!);
    const body = m ? bytes[m[2] as (typeof NAMES)[number]] : undefined;
    if (!m || !body) { res.writeHead(404).end('Entry not found'); return; }
    res.writeHead(200, { 'content-length': body.length });
    if (m[1] === 'microsoft/resnet-18') { res.end(body); return; }
    const tick = setInterval(() => { if (!res.destroyed) res.write(body.subarray(0, 1024)); }, 50); // never finishes
    res.on('close', () => clearInterval(tick));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hubBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe('the loaded-model store with the full ResNet-18 and the HF fixture', () => {
  let model: LoadedModel;
  let baseline = 0;
  afterAll(() => model?.dispose());

  it('starts untrained, then holds the dropped fixture: its tensors, its 1000 class names and its preprocessing', async () => {
    baseline = tf.memory().numTensors;
    model = new LoadedModel({ hubBase });
    expect(facts(model)).toMatchObject({ source: 'random', description: 'untrained (seeded random initialisation)', labels: null, hub: null });
    const built = (void model.resnet, tf.memory().numTensors);
    let heard = 0;
    const stop = model.onChange(() => { heard++; });
    expect(await model.loadFiles(hfFiles())).toBe(true);
    stop();
    expect(heard).toBe(1);
    expect(model.error).toBeNull();
    expect(model.source).toBe('file');
    expect(model.description).toBe('model.safetensors: 102 tensors, hf names');
    expect(model.labels!.length).toBe(1000);
    expect(model.labels!.every((l, i) => l === config.id2label[String(i)])).toBe(true);
    expect(model.label(134)).toBe('crane');
    expect(model.preprocess).toEqual({ shortestEdge: preJson.size.shortest_edge, cropPct: preJson.crop_pct, rescale: preJson.rescale_factor, mean: preJson.image_mean, std: preJson.image_std });
    const stem = fixture.get('resnet.embedder.embedder.convolution.weight')!;
    expect(Array.from((await model.readParam('stem.conv.weight')).data)).toEqual(Array.from(oihwToHwio(toFloat32(stem), stem.shape)));
    const fc = fixture.get('classifier.1.weight')!;
    expect(Array.from(await model.resnet.params.get('head.fc.weight')!.data())).toEqual(Array.from(transpose2d(toFloat32(fc), fc.shape)));
    expect(tf.memory().numTensors).toBe(built); // weights are assigned in place
  });

  it('keeps weights, names, preprocessing and source through every kind of failed load, and says what failed', async () => {
    const before = facts(model);
    const print = await fingerprint(model);
    const withoutFc = new Map<string, TensorToWrite>();
    for (const [k, t] of fixture) if (k !== 'classifier.1.bias') withoutFc.set(k, { dtype: t.dtype, shape: t.shape, data: t.bytes });
    const tenClasses = JSON.stringify({ id2label: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), `c${i}`])) });
    const cases: [File[], RegExp][] = [
      [[file(bytes['model.safetensors'].subarray(0, 5_000_000) as BlobPart, 'model.safetensors')], /^model\.safetensors: /],
      [[file(serializeSafetensors(withoutFc) as BlobPart, 'model.safetensors'), file(bytes['config.json'] as BlobPart, 'config.json')], /^model\.safetensors: .*classifier\.1\.bias/],
      [[file(bytes['model.safetensors'] as BlobPart, 'model.safetensors'), file(tenClasses, 'config.json')], /^model\.safetensors: config\.json has 10 classes but the model has 1000/],
      [[file(bytes['model.safetensors'] as BlobPart, 'model.safetensors'), file(JSON.stringify({ ...preJson, resample: 2 }), 'preprocessor_config.json')], /^model\.safetensors: .*resample=2/],
      [[file(bytes['model.safetensors'] as BlobPart, 'model.safetensors'), file('{"id2label": ', 'config.json')], /^config\.json is not valid JSON/],
      [[file(bytes['config.json'] as BlobPart, 'config.json')], /^Drop a \.safetensors checkpoint/],
      [[file(bytes['model.safetensors'] as BlobPart, 'a.safetensors'), file(bytes['model.safetensors'] as BlobPart, 'b.safetensors')], /one checkpoint at a time/],
    ];
    const held = tf.memory().numTensors;
    for (const [files, message] of cases) {
      expect(await model.loadFiles(files)).toBe(false);
      expect(model.error).toMatch(message);
      expect(facts(model)).toEqual(before);
    }
    expect(await fingerprint(model)).toEqual(print);
    expect(tf.memory().numTensors).toBe(held);
  });

  it('refuses an oversized file before reading it', async () => {
    const small = new LoadedModel({ config: { widthMultiplier: 1 / 8, numClasses: 10 }, fileLimits: { checkpointBytes: 1000, jsonBytes: 100 } });
    expect(await small.loadFiles([file(new Uint8Array(2000), 'big.safetensors')])).toBe(false);
    expect(small.error).toBe('big.safetensors is 0.0 MB; a ResNet-18 checkpoint is at most 0.0 MB, so this is not one');
    expect(await small.loadFiles([file(new Uint8Array(1), 'x.safetensors'), file('x'.repeat(200), 'config.json')])).toBe(false);
    expect(small.error).toMatch(/^config\.json is 0\.0 MB; a model config file is at most/);
    expect(small.source).toBe('random');
    small.dispose();
  });

  it('downloads from the hub as "pretrained", and a newer load (a file drop) overrides a download still running', async () => {
    const held = tf.memory().numTensors;
    expect(await model.loadFromHub('microsoft/resnet-18', 'main')).toBe(true);
    expect(model.source).toBe('pretrained');
    expect(model.hub).toEqual({ repo: 'microsoft/resnet-18', revision: 'main' });
    expect(model.description).toBe('microsoft/resnet-18@main: 102 tensors, hf names');
    const v = model.version;
    expect(await model.loadFromHub('nobody/nothing', 'main')).toBe(false);
    expect(model.error).toMatch(/not found \(HTTP 404\)/);
    expect(model.source).toBe('pretrained');
    expect(model.version).toBe(v);

    const slow = model.loadFromHub('test/slow', 'main');
    await new Promise((r) => setTimeout(r, 200));
    expect(model.loading).toBe('hub');
    expect(await model.loadFiles(hfFiles())).toBe(true);
    expect(await slow).toBe(false); // aborted by the newer load, and silent about it
    expect(model.error).toBeNull();
    expect(model.loading).toBeNull();
    expect(model.source).toBe('file');
    expect(model.hub).toBeNull();
    expect(model.version).toBe(v + 1);
    expect(tf.memory().numTensors).toBe(held); // three more loads, no new tensors
  });

  it('a cancelled download keeps the weights and says it was cancelled; dispose frees every variable', async () => {
    const before = facts(model);
    const slow = model.loadFromHub('test/slow', 'main');
    await new Promise((r) => setTimeout(r, 200));
    model.cancel();
    expect(await slow).toBe(false);
    expect(model.error).toMatch(/cancelled/);
    expect(facts(model)).toEqual(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(model.source).toBe('random');
    expect(model.preprocess).toEqual(RESNET18_PREPROCESS);
  });
});
