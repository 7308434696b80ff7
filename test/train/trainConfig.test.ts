import { describe, it, expect } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, DEFAULT_LR, withOptimizer } from '../../src/lib/train/config';

describe('switching the optimiser in the recipe', () => {
  it('starts from SGD with Nesterov momentum at 0.2 under one-cycle', () => {
    expect(DEFAULT_TRAIN_CONFIG).toMatchObject({ optimizer: 'sgd', nesterov: true, lr: 0.2, schedule: 'onecycle' });
  });

  it('moves a learning rate still at the other default to this optimiser\'s default', () => {
    const adam = withOptimizer(DEFAULT_TRAIN_CONFIG, 'adam');
    expect([adam.optimizer, adam.lr]).toEqual(['adam', 0.001]);
    const back = withOptimizer(adam, 'sgd');
    expect([back.optimizer, back.lr]).toEqual(['sgd', 0.2]);
    expect(DEFAULT_LR).toEqual({ adam: 0.001, sgd: 0.2 });
  });

  it('keeps a learning rate the learner typed', () => {
    const typed = { ...DEFAULT_TRAIN_CONFIG, lr: 0.02 };
    expect(withOptimizer(typed, 'sgd').lr).toBe(0.02);
    expect(withOptimizer({ ...typed, optimizer: 'sgd' }, 'adam').lr).toBe(0.02);
  });

  it('leaves the rest of the recipe and the original object alone', () => {
    const before = structuredClone(DEFAULT_TRAIN_CONFIG);
    const next = withOptimizer(DEFAULT_TRAIN_CONFIG, 'sgd');
    expect(DEFAULT_TRAIN_CONFIG).toEqual(before);
    expect({ ...next, optimizer: before.optimizer, lr: before.lr }).toEqual(before);
  });
});
