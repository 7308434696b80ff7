/**
 * Where a training run stands: the one list of phases that the Trainer, the worker protocol and the studio
 * page share, so a new ending cannot be added to one of them and missed by another.
 */

/** How a run ends by itself (the Trainer's verdicts): all epochs done, early stopping, NaN, out of memory, a failure. */
export const RUN_ENDINGS = ['finished', 'early-stopped', 'diverged', 'oom', 'error'] as const;
export type RunEnding = (typeof RUN_ENDINGS)[number];

/** The Trainer's own status: 'ready' for another step, or how its run ended. */
export type RunStatus = 'ready' | RunEnding;

/**
 * A run as the page shows it: nothing yet ('idle'), data and model being built ('starting'), the first step
 * compiling shaders ('compiling'), stepping ('running'), 'paused', 'stopped' by the learner, or one of the
 * Trainer's endings. The worker reports every phase but 'idle' and 'starting', which the page sets itself.
 */
export type Phase = 'idle' | 'starting' | 'compiling' | 'running' | 'paused' | 'stopped' | RunEnding;

/** True when the run cannot go on without a resume or a fresh start (it ended, or the learner stopped it). */
export function hasEnded(phase: Phase): boolean {
  return phase === 'stopped' || (RUN_ENDINGS as readonly string[]).includes(phase);
}
