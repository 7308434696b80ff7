/**
 * The lesson's worker words its errors in the page's language (every request carries it): with the locale set to
 * Chinese, refusing weights that are not a ResNet-18 says so in Chinese, naming the tensor and shape; in English
 * as before. No tensors are left behind either way.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { i18n } from '../../../src/lib/i18n/index';
import { buildStudent } from '../../../lessons/teach-it/teachModel';

const none = { names: [], shapes: [], data: [] };

beforeAll(() => useBackend('wasm'));
afterEach(() => { i18n.current = 'en'; });

describe('the worker\'s messages', () => {
  it('refuse foreign weights in the language the page asked for', () => {
    const before = tf.memory().numTensors;
    i18n.current = 'zh';
    expect(() => buildStudent(none, 3)).toThrow('加载的权重里没有形状为 [7,7,3,64] 的张量“stem.conv.weight”：请加载一个 ResNet-18（ImageNet）检查点。');
    i18n.current = 'en';
    expect(() => buildStudent(none, 3)).toThrow("The loaded weights have no tensor 'stem.conv.weight' of shape [7,7,3,64]: load a ResNet-18 (ImageNet) checkpoint.");
    expect(tf.memory().numTensors).toBe(before);
  });
});
