import * as d3 from 'd3';
import { formatMacs, formatShape, layoutModel, GROUPS_OF, type ArchData, type ArchEdge, type ArchItem } from './archLayout';
import { THEME } from './theme';
import { t } from '../i18n/index';

export { formatMacs, formatShape, layoutModel, visibleId, type ArchData, type ArchEdge, type ArchItem, type ArchLayer } from './archLayout';

/**
 * The ResNet-18 architecture as a collapsible vertical SVG graph: network → stages → blocks → layers.
 * Input is plain data read off the built model (nn `summarize(model)` joined with `model.graph`), so the
 * drawing can never disagree with the model. Shapes are [h,w,c] (or [c] after pooling).
 */

export interface ArchGraphOptions {
  onSelect?: (layerName: string) => void;
  /** Group ids expanded at start ('network', 'stage2', 'stage2.block1', …). */
  expanded?: string[];
}

export interface ArchGraph {
  update(data: ArchData): void;
  /** Expand or collapse a group (as a click does). */
  toggle(id: string): void;
  select(layerName: string | null): void;
  destroy(): void;
}

function label(it: ArchItem): string {
  if (it.id === 'network') return 'ResNet-18';
  if (!it.group) {
    const l = it.layers[0];
    if (it.side) return l.kind === 'conv' ? `1×1/${l.stride} conv, ${l.outChannels}` : t('shortcut BN');
    const short = l.name.split('.').slice(l.block ? 2 : 1).join('.');
    const k = l.kernel ? ` ${l.kernel}×${l.kernel}/${l.stride ?? 1}` : '';
    const c = l.kind === 'conv' || l.kind === 'fc' ? `, ${l.outChannels}` : '';
    return `${short || l.name}${k}${c}`;
  }
  const proj = it.layers.some((l) => l.name.includes('.shortcut.'));
  const block = it.id.split('.')[1];
  if (it.id.includes('.block')) return proj ? t('{block} (2 × 3×3 conv, 1×1/2 projection shortcut)', { block }) : t('{block} (2 × 3×3 conv, identity shortcut)', { block });
  const blocks = new Set(it.layers.map((l) => l.block).filter(Boolean)).size;
  return blocks ? t('{id}: {n} basic blocks', { id: it.id, n: blocks }) : it.id;
}

const ROW = 58;
const BOX_H = 38;
const MAIN_X = 24;
const MAIN_W = 228;
const SIDE_X = 264;
const SIDE_W = 108;
const WIDTH = 380;
const STAGE_COLOR: Record<string, string> = {
  network: '#e8e8e8', stem: '#dbe9f6', stage1: '#e0f0dc', stage2: '#fbe8cf', stage3: '#f3dcef', stage4: '#f9dada', head: '#e4e1f5',
};

/** Row and column of each visible box: main boxes stack; shortcut boxes sit beside their block's convs. */
function positions(items: ArchItem[]): Map<string, { x: number; y: number; w: number }> {
  const pos = new Map<string, { x: number; y: number; w: number }>();
  let row = 0;
  for (const it of items) {
    if (it.side) {
      const block = it.layers[0].block!;
      const conv1 = pos.get(`${block}.conv1`)!;
      const offset = it.id.endsWith('.conv') ? 1 : 3;
      pos.set(it.id, { x: SIDE_X, y: conv1.y + offset * ROW, w: SIDE_W });
    } else {
      pos.set(it.id, { x: MAIN_X, y: 30 + (row + 1) * ROW, w: MAIN_W });
      row++;
    }
  }
  pos.set('input', { x: MAIN_X, y: 30, w: MAIN_W });
  return pos;
}

function edgePath(a: { x: number; y: number; w: number }, b: { x: number; y: number; w: number }, kind: ArchEdge['kind']): string {
  const x1 = a.x + a.w / 2;
  const x2 = b.x + b.w / 2;
  if (kind !== 'identity' && a.x === b.x) return `M${x1},${a.y + BOX_H}L${x2},${b.y}`;
  // Shortcuts leave the right edge of their source and enter the right edge of their target.
  const xs = a.x === MAIN_X ? MAIN_X + MAIN_W : x1;
  const xt = b.x === MAIN_X ? MAIN_X + MAIN_W : x2;
  const bend = kind === 'identity' ? SIDE_X + SIDE_W / 2 : Math.max(xs, xt) + 6;
  const ys = a.y + BOX_H / 2 + (a.x === MAIN_X ? 0 : BOX_H / 2);
  const yt = b.y + (b.x === MAIN_X ? BOX_H / 2 : 0);
  return `M${xs},${ys}C${bend},${ys} ${bend},${yt} ${xt},${yt}`;
}

/** Expanded groups drawn as brackets left of their rows (click or Enter/Space collapses). */
function brackets(items: ArchItem[], pos: Map<string, { x: number; y: number }>, expanded: Set<string>) {
  const spans = new Map<string, { y0: number; y1: number; depth: number }>();
  for (const it of items) {
    const l = it.layers[0];
    const groups = GROUPS_OF(l).filter((g) => expanded.has(g) && g !== it.id);
    groups.forEach((g, depth) => {
      const y = pos.get(it.id)!.y;
      const s = spans.get(g) ?? { y0: y, y1: y, depth };
      spans.set(g, { y0: Math.min(s.y0, y), y1: Math.max(s.y1, y), depth });
    });
  }
  return [...spans].map(([id, s]) => ({ id, x: 2 + s.depth * 7, y: s.y0, h: s.y1 - s.y0 + BOX_H }));
}

function activate(event: KeyboardEvent, fn: () => void) {
  if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); fn(); }
}

/**
 * Draws the graph into `element` (SVG via d3, element.ownerDocument so it runs under jsdom). Groups toggle
 * on click / Enter / Space; layers call `onSelect`. Ctrl+wheel zooms, drag pans; the page scrolls normally.
 * Every word is written in draw(), in the page's language: a caller that redraws on a language switch (select()
 * inside an effect) re-words the graph without rebuilding it (expansion and zoom are kept).
 */
export function createArchGraph(element: HTMLElement, options: ArchGraphOptions = {}): ArchGraph {
  const expanded = new Set(options.expanded ?? ['network']);
  let data: ArchData | null = null;
  let selected: string | null = null;
  const root = d3.select(element).append('div').attr('class', 'arch-graph');
  const totals = root.append('p').attr('class', 'arch-totals');
  const legend = root.append('p').attr('class', 'arch-legend').style('font-size', '0.8rem').style('margin', '0.2rem 0');
  const legendWords: d3.Selection<HTMLSpanElement, unknown, null, undefined>[] = [];
  for (const [colour, dash] of [[THEME.muted, ''], ['#2c7fb8', '5 3'], ['#c0392b', '']]) {
    const item = legend.append('span').style('margin-right', '0.8rem').style('white-space', 'nowrap');
    item.append('svg').attr('width', 22).attr('height', 8).attr('aria-hidden', 'true').append('line')
      .attr('x1', 1).attr('x2', 21).attr('y1', 4).attr('y2', 4).style('stroke', colour).attr('stroke-width', 2).attr('stroke-dasharray', dash || null);
    legendWords.push(item.append('span'));
  }
  const bar = root.append('div').attr('class', 'arch-buttons');
  const svg = root.append('svg').attr('class', 'arch-svg').attr('role', 'group')
    // Never narrower than 4/3 of the layout width: the smallest label (9 units) then reads at ≥ 12 px; a phone
    // scrolls the graph sideways in its box instead (rough edge 5), so touch may pan both ways.
    .style('width', '100%').style('min-width', `${Math.ceil((WIDTH * 4) / 3)}px`).style('max-width', '560px').style('display', 'block')
    .style('touch-action', 'pan-x pan-y');
  const world = svg.append('g');
  const zoom = d3.zoom<SVGSVGElement, unknown>().scaleExtent([0.5, 4])
    // Ctrl+wheel zooms and mouse drag pans; touches are left to the page so a finger on the graph still
    // scrolls it at 360 px (the browser's own pinch-zoom covers small screens).
    .filter((e: Event) => (e.type === 'wheel' ? (e as WheelEvent).ctrlKey : e.type === 'mousedown' && !(e as MouseEvent).button))
    .on('zoom', (e) => world.attr('transform', e.transform.toString()));
  svg.call(zoom);

  const actions = [
    () => { for (const l of data?.layers ?? []) GROUPS_OF(l).forEach((g) => expanded.add(g)); },
    () => { expanded.clear(); expanded.add('network'); },
    () => svg.call(zoom.transform, d3.zoomIdentity),
  ];
  const buttons = actions.map((fn) => bar.append('button').attr('type', 'button').on('click', () => { fn(); draw(); }));

  /** The words outside the boxes, in the page's language. */
  function relabel() {
    const legendText = [t('main path'), t('identity shortcut'), t('projection shortcut (1×1 conv, stride 2)')];
    legendWords.forEach((w, i) => w.text(` ${legendText[i]}`));
    const buttonText = [t('Expand all'), t('Stages only'), t('Reset zoom')];
    buttons.forEach((b, i) => b.text(buttonText[i]));
    svg.attr('aria-label', t('ResNet-18 architecture graph'));
  }
  relabel();

  function toggle(id: string) {
    if (expanded.has(id)) {
      for (const g of [...expanded]) if (g === id || g.startsWith(`${id}.`) || id === 'network') expanded.delete(g);
    } else expanded.add(id);
    draw();
  }

  function draw() {
    relabel();
    if (!data) return;
    const { items, edges } = layoutModel(data, expanded);
    const pos = positions(items);
    const height = Math.max(...[...pos.values()].map((p) => p.y)) + BOX_H + 8;
    svg.attr('viewBox', `0 0 ${WIDTH} ${height}`);
    const params = d3.sum(data.layers, (l) => l.params);
    const macs = d3.sum(data.layers, (l) => l.macs);
    totals.text(t('{params} parameters · {macs} multiply-adds ({exact}) for one {shape} image', {
      params: params.toLocaleString('en-US'), macs: formatMacs(macs), exact: macs.toLocaleString('en-US'), shape: formatShape(data.inputShape),
    }));
    world.selectAll('*').remove();
    drawEdges(world, edges, pos);
    drawBrackets(world, brackets(items, pos, expanded), toggle);
    drawBoxes(world, items, pos, selected, (it) => (it.group ? toggle(it.id) : select(it.id)));
  }

  function select(name: string | null) {
    selected = name;
    draw();
    if (name) options.onSelect?.(name);
  }

  return {
    update(d) { data = d; draw(); },
    toggle,
    select(name) { selected = name; draw(); },
    destroy() { svg.on('.zoom', null); root.remove(); },
  };
}

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

function drawEdges(world: G, edges: ArchEdge[], pos: Map<string, { x: number; y: number; w: number }>) {
  for (const e of edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const g = world.append('g').attr('class', `arch-edge ${e.kind}`).attr('data-from', e.from).attr('data-to', e.to);
    g.append('path').attr('d', edgePath(a, b, e.kind)).attr('fill', 'none')
      .style('stroke', e.kind === 'projection' ? '#c0392b' : e.kind === 'identity' ? '#2c7fb8' : THEME.muted)
      .attr('stroke-width', e.kind === 'main' ? 1.2 : 1.8).attr('stroke-dasharray', e.kind === 'identity' ? '5 3' : null);
    const straight = e.kind !== 'identity' && a.x === b.x;
    const lx = straight ? a.x + a.w / 2 + 5 : e.kind === 'identity' ? SIDE_X + SIDE_W / 2 + 4 : Math.max(a.x, b.x) + 2;
    const ly = straight ? (a.y + BOX_H + b.y) / 2 + 3 : (a.y + b.y + BOX_H) / 2;
    g.append('text').attr('class', 'arch-shape').attr('x', lx).attr('y', ly).attr('font-size', 9).attr('fill', 'currentColor')
      .text(formatShape(e.shape));
  }
}

function drawBrackets(world: G, list: { id: string; x: number; y: number; h: number }[], toggle: (id: string) => void) {
  for (const b of list) {
    world.append('rect').attr('class', 'arch-bracket').attr('x', b.x).attr('y', b.y).attr('width', 5).attr('height', b.h)
      .attr('rx', 2).attr('fill', STAGE_COLOR[b.id.split('.')[0]] ?? '#ccc').attr('stroke', '#888').attr('stroke-width', 0.5)
      .attr('tabindex', 0).attr('role', 'button').attr('aria-expanded', 'true').attr('aria-label', t('collapse {id}', { id: b.id }))
      .style('cursor', 'pointer').on('click', () => toggle(b.id)).on('keydown', (e: KeyboardEvent) => activate(e, () => toggle(b.id)))
      .append('title').text(t('{id} — click to collapse', { id: b.id }));
  }
}

function drawBoxes(world: G, items: ArchItem[], pos: Map<string, { x: number; y: number; w: number }>,
  selected: string | null, onActivate: (it: ArchItem) => void) {
  const input = pos.get('input')!;
  world.append('text').attr('x', input.x + 4).attr('y', input.y + BOX_H / 2).attr('font-size', 11).attr('fill', 'currentColor').text(t('input image'));
  for (const it of items) {
    const p = pos.get(it.id)!;
    const stage = it.layers[0].stage;
    const stats = it.side ? `${it.params.toLocaleString('en-US')} p · ${formatMacs(it.macs)}`
      : t('{params} params · {macs} MACs', { params: it.params.toLocaleString('en-US'), macs: formatMacs(it.macs) });
    // The name starts with the box's visible words, so a voice-control user can say what they see (WCAG 2.5.3).
    const g = world.append('g').attr('class', `arch-node ${it.group ? 'group' : 'layer'}`).attr('data-id', it.id)
      .attr('transform', `translate(${p.x},${p.y})`).attr('tabindex', 0).attr('role', 'button').style('cursor', 'pointer')
      .attr('aria-label', t('{label}, {stats}; output {shape}', { label: label(it), stats, shape: formatShape(it.outputShape) }))
      .on('click', () => onActivate(it)).on('keydown', (e: KeyboardEvent) => activate(e, () => onActivate(it)));
    if (it.group) g.attr('aria-expanded', 'false');
    g.append('rect').attr('width', p.w).attr('height', BOX_H).attr('rx', it.group ? 8 : 3)
      .attr('fill', STAGE_COLOR[it.group && it.id === 'network' ? 'network' : stage] ?? '#eee')
      .attr('stroke', it.id === selected ? '#000' : it.side ? '#c0392b' : '#888').attr('stroke-width', it.id === selected ? 2.5 : 1);
    g.append('text').attr('x', 6).attr('y', 15).attr('font-size', it.side ? 9.5 : 11).attr('font-weight', it.group ? 600 : 400)
      // The trailing space (collapsed, so not drawn) keeps the two lines separate words in the box's text.
      .text(`${it.group ? '▸ ' : ''}${label(it)} `);
    g.append('text').attr('x', 6).attr('y', 30).attr('font-size', 9).attr('fill', '#444').text(stats);
  }
}
