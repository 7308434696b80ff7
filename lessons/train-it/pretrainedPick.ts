/** A ResNet-18 weights file picked for fine-tuning in the studio: read once, its bytes kept for every Start. */
import type { TrainConfig } from '../../src/lib/train/config';
import { inspectPretrained, type PretrainedInfo } from '../../src/lib/train/finetune';
import { parseSafetensorsOffThread } from '../../src/workers/safetensors';

export interface PretrainedPick { name: string; info: PretrainedInfo; bytes: Uint8Array }

/**
 * Reads `file`'s variant, width and classes (header and shapes only, parsed in a short-lived worker with header and
 * tensor-count caps, so a hostile header cannot freeze the page); throws "<name> cannot be used: <why>".
 */
export async function readPretrained(file: File): Promise<PretrainedPick> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { name: file.name, info: inspectPretrained((await parseSafetensorsOffThread(file)).tensors), bytes };
  } catch (e) {
    throw new Error(`${file.name} cannot be used: ${(e as Error).message}`);
  }
}

/** The recipe fields a picked file sets: its variant and width, and fine-tuning from it (keeping the backbone choice). */
export function finetuneFields(pick: PretrainedPick, c: TrainConfig): Partial<TrainConfig> {
  return { variant: pick.info.variant, widthMultiplier: pick.info.widthMultiplier,
    finetune: { source: pick.name, backbone: c.finetune?.backbone ?? 'freeze', backboneLrScale: c.finetune?.backboneLrScale ?? 0.1 } };
}
