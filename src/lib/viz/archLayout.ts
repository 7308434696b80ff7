/**
 * The pure part of the architecture graph: which boxes are visible under an expansion state (network →
 * stages → blocks → layers) and the edges between them with the producer's tensor shape. Plain data in
 * and out; archGraph.ts draws it.
 */

/** One layer as the graph needs it (a LayerSummary plus its graph fields). */
export interface ArchLayer {
  name: string;
  kind: 'conv' | 'bn' | 'relu' | 'maxpool' | 'add' | 'gap' | 'fc';
  stage: string;
  block?: string;
  inputs: string[];
  outputShape: number[];
  params: number;
  macs: number;
  kernel?: number;
  stride?: number;
  outChannels?: number;
}

export interface ArchData { inputShape: number[]; layers: ArchLayer[] }

/** A box of the drawing: a collapsed group or a single layer. */
export interface ArchItem {
  id: string;
  group: boolean;
  expanded: boolean;
  layers: ArchLayer[];
  /** Side column: the 1×1 projection shortcut of a block. */
  side: boolean;
  params: number;
  macs: number;
  outputShape: number[];
}

export interface ArchEdge {
  from: string;
  to: string;
  shape: number[];
  kind: 'main' | 'identity' | 'projection';
}

/** "1.81 G", "115.6 M", "9.4 k" (multiply-adds, 3 significant digits). */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** "56×56×64" */
export function formatShape(s: number[]): string {
  return s.join('×');
}

export const GROUPS_OF = (l: ArchLayer): string[] => ['network', l.stage, ...(l.block ? [l.block] : [])];

/** The id of the box that shows layer `name` under the given expansion state ('input' stays 'input'). */
export function visibleId(layer: ArchLayer | undefined, expanded: Set<string>): string {
  if (!layer) return 'input';
  for (const g of GROUPS_OF(layer)) if (!expanded.has(g)) return g;
  return layer.name;
}

/** Visible boxes in topological order, and the edges between them with the producer's shape. */
export function layoutModel(data: ArchData, expanded: Set<string>): { items: ArchItem[]; edges: ArchEdge[] } {
  const byName = new Map(data.layers.map((l) => [l.name, l]));
  const items = new Map<string, ArchItem>();
  for (const l of data.layers) {
    const id = visibleId(l, expanded);
    let it = items.get(id);
    if (!it) {
      const side = id === l.name && l.name.includes('.shortcut.');
      it = { id, group: id !== l.name, expanded: false, layers: [], side, params: 0, macs: 0, outputShape: [] };
      items.set(id, it);
    }
    it.layers.push(l);
    it.params += l.params;
    it.macs += l.macs;
    if (!l.name.includes('.shortcut.')) it.outputShape = l.outputShape;
  }
  const edges = new Map<string, ArchEdge>();
  for (const it of items.values()) {
    for (const l of it.layers) {
      for (const inp of l.inputs) {
        const src = byName.get(inp);
        const from = visibleId(src, expanded);
        if (from === it.id) continue;
        const shape = src ? src.outputShape : data.inputShape;
        const proj = it.side || (src?.name.includes('.shortcut.') ?? false);
        // A shortcut is its own edge only when the add is drawn as a layer; into a collapsed box it merges.
        const identity = !it.group && !proj && l.kind === 'add' && l.inputs.indexOf(inp) === 1;
        const kind = proj && !it.group ? 'projection' : identity ? 'identity' : 'main';
        const key = `${from}->${it.id}`;
        if (!edges.has(key)) edges.set(key, { from, to: it.id, shape, kind });
      }
    }
  }
  return { items: [...items.values()], edges: [...edges.values()] };
}
