/**
 * What the synthetic-dataset worker computes, in a file of its own so that both the worker and the page's fallback
 * (no Worker in jsdom or Node) import it without importing each other.
 */
import { makeSyntheticDataset } from '../lib/data/synthetic';
import { trainValTestSplit, type StudioSplit } from '../lib/data/split';

/** What to build: the synthetic generator's perClass and seed, the split's validation and test fractions and its seed. */
export interface SyntheticRequest { perClass: number; seed: number; valFraction: number; testFraction: number; splitSeed: number }

/** The request's dataset (perClass images of each of the 10 classes) and its stratified train / validation / test split. */
export function syntheticSplit(req: SyntheticRequest): StudioSplit {
  return trainValTestSplit(makeSyntheticDataset({ perClass: req.perClass, seed: req.seed }), req.valFraction, req.testFraction, req.splitSeed);
}
