/**
 * Learning-rate schedules, evaluated per optimisation step (0-based).
 * Cosine annealing (torch CosineAnnealingLR, closed form): lr(t) = minLr + (base − minLr)·(1 + cos(π·t/T))/2.
 * Optional linear warm-up first (the usual warmup+cosine LambdaLR): lr(t) = base·(t+1)/W for t < W, then
 * cosine over the remaining T − W steps.
 * One-cycle (torch OneCycleLR, cosine annealing, two phases, its defaults div_factor 25 and final_div_factor
 * 1e4): with a(s, e, p) = e + (s − e)·(1 + cos(π·p))/2 and the rise ending at step u = W − 1,
 *   lr(t) = a(base/25, base, t/u) for t ≤ u, then a(base, base/25/1e4, (t − u)/(T − 1 − u)).
 */

export interface ScheduleConfig {
  baseLr: number;
  totalSteps: number;
  /** Warm-up steps (cosine; whole steps) or the one-cycle rise in steps (torch: pct_start·total_steps). */
  warmupSteps?: number;
  minLr?: number;
  kind?: 'cosine' | 'constant' | 'onecycle';
}

/** torch's _annealing_cos: from `start` at p = 0 to `end` at p = 1. */
function cosAnneal(start: number, end: number, p: number): number {
  return end + ((start - end) / 2) * (1 + Math.cos(Math.PI * p));
}

/** One-cycle as torch.optim.lr_scheduler.OneCycleLR (anneal_strategy 'cos', three_phase False). */
function oneCycleAt(cfg: ScheduleConfig, t: number): number {
  const initial = cfg.baseLr / 25, last = initial / 1e4;
  const riseEnd = (cfg.warmupSteps ?? 0.3 * cfg.totalSteps) - 1, end = cfg.totalSteps - 1;
  // A rise shorter than one step starts at the peak (torch would divide by zero there).
  if (t <= riseEnd) return cosAnneal(initial, cfg.baseLr, riseEnd > 0 ? t / riseEnd : 1);
  const from = Math.max(riseEnd, 0);
  return cosAnneal(cfg.baseLr, last, end > from ? Math.min(1, (t - from) / (end - from)) : 1);
}

/** The learning rate for step `t` (t in [0, totalSteps); later steps get the final value). */
export function learningRateAt(cfg: ScheduleConfig, t: number): number {
  if (cfg.kind === 'onecycle') return oneCycleAt(cfg, t);
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
