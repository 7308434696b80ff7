/**
 * `npm run bench -- training-defaults`: does the studio's default recipe learn the default dataset? Trains
 * DEFAULT_TRAIN_CONFIG on the page's default synthetic set (100 images per class, 20 % validation) with the
 * same Trainer the worker runs, on wasm in Node, and prints validation top-1 per epoch; then the same with SGD
 * at 0.05 for comparison. About 5 minutes per recipe on 2 cores. Pass a JSON override to try another recipe:
 * `npx tsx scripts/bench-training-defaults.ts '{"optimizer":"sgd","lr":0.02}'`.
 */
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';
import { makeSyntheticDataset } from '../src/lib/data/synthetic';
import { stratifiedSplit } from '../src/lib/data/split';
import { useWasm } from './benchUtil';

await useWasm();
registerWasmTrainingKernels();
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 100, seed: 1 }), 0.2, 1);

async function run(label: string, over: Partial<TrainConfig>): Promise<void> {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...over };
  console.log(`\n${label}: ${config.optimizer} lr ${config.lr}, width ${config.widthMultiplier}, batch ${config.batchSize}, ` +
    `${config.epochs} epochs, crop ${config.augment.crop}, flip ${config.augment.flip}`);
  const t = Trainer.create(config, data);
  const t0 = performance.now();
  while (t.status === 'ready') {
    const r = await t.step();
    if (r.epochEnd) {
      const e = r.epochEnd;
      console.log(`  epoch ${e.epoch + 1}: val top-1 ${(100 * e.val.accuracy).toFixed(1)} %, val loss ${e.val.loss.toFixed(3)}, ` +
        `train top-1 ${(100 * e.trainAcc).toFixed(1)} %  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  console.log(`  ${t.status}: ${t.message}`);
  t.dispose();
}

const override = process.argv[2];
if (override) await run('custom', JSON.parse(override) as Partial<TrainConfig>);
else {
  await run('default recipe', {});
  await run('SGD 0.05 instead', { optimizer: 'sgd', lr: 0.05 });
}
