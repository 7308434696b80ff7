/**
 * The studio's one run, shared by every step of Train it (the dataset of step 1 is the one step 3 trains on) and
 * read by Ship it, which measures and distils the network trained here on this visit's validation images.
 */
import { TrainingRun } from './TrainingRun.svelte';

export const studioRun = new TrainingRun();
