/**
 * `npm run bench -- fuzz`: 10,000 mutated inputs for each reader of the learner's files (safetensors, tar,
 * tar.gz, CIFAR-10 archive, batch and loose files, stored training checkpoints; see test/helpers/fuzzSeeds.ts).
 * Prints, per reader, how many cases were accepted, rejected with the reader's own error, or ended in an
 * unexpected exception (with the case number to replay), the slowest case and the total time. Exits 1 when any
 * exception was unexpected. FUZZ_CASES and FUZZ_SEED change the count and the seed.
 */
import { fuzz } from '../test/helpers/fuzz';
import { fuzzTargets } from '../test/helpers/fuzzSeeds';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);

async function main(): Promise<void> {
  let unexpected = 0;
  console.log(`${'reader'.padEnd(16)} ${'cases'.padStart(6)} ${'accepted'.padStart(9)} ${'rejected'.padStart(9)} ${'unexpected'.padStart(11)} ${'slowest'.padStart(10)} ${'total'.padStart(9)}`);
  for (const [name, target] of Object.entries(fuzzTargets())) {
    const t0 = performance.now();
    const rep = await fuzz(target, CASES, SEED);
    const total = performance.now() - t0;
    unexpected += rep.unexpected.length;
    console.log(`${name.padEnd(16)} ${String(rep.cases).padStart(6)} ${String(rep.accepted).padStart(9)} ${String(rep.rejected).padStart(9)} ${String(rep.unexpected.length).padStart(11)} ${`${rep.slowestMs.toFixed(1)} ms`.padStart(10)} ${`${(total / 1000).toFixed(1)} s`.padStart(9)}`);
    for (const u of rep.unexpected.slice(0, 5)) console.log(`  case ${u.caseNo} (seed ${SEED}): ${u.error}`);
  }
  console.log(unexpected === 0 ? 'fuzz: 0 unexpected exceptions' : `fuzz: ${unexpected} unexpected exceptions`);
  if (unexpected > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
