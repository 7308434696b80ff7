/**
 * Learning-rate schedules, evaluated per optimisation step (0-based).
 * Cosine annealing (torch CosineAnnealingLR, closed form): lr(t) = minLr + (base − minLr)·(1 + cos(π·t/T))/2.
 * Optional linear warm-up first (the usual warmup+cosine LambdaLR): lr(t) = base·(t+1)/W for t < W, then
 * cosine over the remaining T − W steps.
 */

export interface ScheduleConfig {
  baseLr: number;
  totalSteps: number;
  warmupSteps?: number;
  minLr?: number;
  kind?: 'cosine' | 'constant';
}

/** The learning rate for step `t` (t in [0, totalSteps); later steps get the final value). */
export function learningRateAt(cfg: ScheduleConfig, t: number): number {
  const w = Math.max(0, Math.floor(cfg.warmupSteps ?? 0));
  if (t < w) return (cfg.baseLr * (t + 1)) / w;
  if (cfg.kind === 'constant') return cfg.baseLr;
  const minLr = cfg.minLr ?? 0;
  const span = Math.max(1, cfg.totalSteps - w);
  const k = Math.min(t - w, span);
  return minLr + ((cfg.baseLr - minLr) * (1 + Math.cos((Math.PI * k) / span))) / 2;
}

/** The whole schedule as an array of length totalSteps (for drawing it before training). */
export function scheduleCurve(cfg: ScheduleConfig): number[] {
  return Array.from({ length: cfg.totalSteps }, (_, t) => learningRateAt(cfg, t));
}
