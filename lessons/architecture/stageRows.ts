/** The seeds' stage table computed from the model's described layers (plain data, no tensors). */
export interface StageLayer { name: string; kind: string; stage: string; block?: string; kernel?: number; stride?: number; outChannels?: number; outputShape: number[]; params: number }

export interface StageRow { stage: string; output: string; blocks: number; layers: string; params: number }

/** One row per stage with its last output shape, block count, main-path layers and parameters; totals. */
export function stageRows(layers: StageLayer[]) {
  const stages = [...new Set(layers.map((l) => l.stage))];
  const isShortcut = (l: StageLayer) => l.name.includes('.shortcut.');
  const rows: StageRow[] = stages.map((stage) => {
    const ls = layers.filter((l) => l.stage === stage);
    const main = ls.filter((l) => !isShortcut(l));
    const out = main[main.length - 1].outputShape;
    const convs = main.filter((l) => l.kind === 'conv');
    const kinds = [...new Set(convs.map((l) => `${l.kernel}×${l.kernel}`))];
    const desc = [
      convs.length ? `${convs.length > 1 ? `${convs.length} × ` : ''}conv ${kinds.join('/')}` : '',
      ls.some((l) => l.kind === 'maxpool') ? 'max-pool 3×3/2' : '',
      ls.some((l) => l.kind === 'gap') ? 'avg pool' : '',
      ls.some((l) => l.kind === 'fc') ? 'fc' : '',
    ].filter(Boolean).join(' + ');
    return { stage, output: out.join('×'), blocks: new Set(ls.map((l) => l.block).filter(Boolean)).size, layers: desc, params: ls.reduce((a, l) => a + l.params, 0) };
  });
  const shortcuts = layers.filter((l) => isShortcut(l) && l.kind === 'conv');
  return {
    rows,
    convs: layers.filter((l) => l.kind === 'conv' && !isShortcut(l)).length,
    fc: layers.filter((l) => l.kind === 'fc').length,
    shortcuts: shortcuts.length,
    shortcutStages: [...new Set(shortcuts.map((l) => l.stage))],
    params: layers.reduce((a, l) => a + l.params, 0),
  };
}
