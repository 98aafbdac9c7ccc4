/**
 * The inspector's report as page content: the summary on top, a table of the up-sampling
 * layers, then one section per layer (geometry, reasons, phase sums as a grid, the response
 * to the test image as a picture, equivalent forms, the layer in every framework). Drawing
 * goes through the site's drawing library (site/lib/plots.ts); every number comes from the
 * report, which the core computed in the worker.
 */
import { PAGES, type LayerReport, type Report } from '../../inspect/analyse';
import { grid, raster } from '../lib/plots';

type Doc = Document;

function el<K extends keyof HTMLElementTagNameMap>(doc: Doc, tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const dims = (v: readonly (number | null)[] | undefined) => (v ? v.map((d) => d ?? '?').join('×') : 'unknown');
const score = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
const VERDICT: Record<LayerReport['verdict'], string> = {
  checkerboard: 'can produce checkerboards',
  balanced: 'balanced by its weights',
  free: 'no checkerboard',
  unknown: 'unknown',
};

function links(doc: Doc, keys: LayerReport['links']): HTMLElement {
  const p = el(doc, 'p', 'Explained on: ', 'inspect-links');
  keys.forEach((k, i) => {
    const a = el(doc, 'a', PAGES[k].label);
    a.href = PAGES[k].href;
    p.append(a, i + 1 < keys.length ? '; ' : '.');
  });
  return p;
}

function table(doc: Doc, head: string[], rows: (string | Node)[][], caption: string): HTMLElement {
  const wrap = el(doc, 'div', undefined, 'inspect-table');
  const t = el(doc, 'table');
  t.append(el(doc, 'caption', caption));
  const thead = el(doc, 'thead');
  const tr = el(doc, 'tr');
  for (const h of head) {
    const th = el(doc, 'th', h);
    th.scope = 'col';
    tr.append(th);
  }
  thead.append(tr);
  const tbody = el(doc, 'tbody');
  for (const row of rows) {
    const r = el(doc, 'tr');
    for (const cell of row) {
      const td = el(doc, 'td');
      td.append(cell);
      r.append(td);
    }
    tbody.append(r);
  }
  t.append(thead, tbody);
  wrap.append(t);
  return wrap;
}

function layerTable(doc: Doc, report: Report): HTMLElement {
  const rows = report.layers.map((l, i) => {
    const a = el(doc, 'a', l.name);
    a.href = `#inspect-layer-${i + 1}`;
    return [String(i + 1), a, l.type, `${dims(l.inputShape)} → ${dims(l.outputShape)}`, l.factor?.join('×') ?? '–', l.kernel?.join('×') ?? '–',
      l.phases ? `${(100 * l.phases.worst).toFixed(1)}%` : '–', score(l.constantScore), score(l.imageScore), l.weights ?? '–', VERDICT[l.verdict]];
  });
  return table(doc, ['#', 'layer', 'type', 'input → output', 'stride', 'kernel', 'phase-sum unevenness', 'score, constant', 'score, image', 'weights', 'verdict'], rows, 'Up-sampling layers');
}

function phaseGrid(doc: Doc, l: LayerReport): Element | undefined {
  const p = l.phases;
  if (!p || p.shape.length !== 2 || p.shape[0] * p.shape[1] > 64) return undefined;
  const ch = p.channels[p.worstChannel];
  const rows = Array.from({ length: p.shape[0] }, (_, a) => ch.sums.slice(a * p.shape[1], (a + 1) * p.shape[1]));
  return grid(rows, { title: `Phase sums, output channel ${ch.channel}`, document: doc, digits: 3 });
}

function picture(doc: Doc, l: LayerReport): Element | undefined {
  const pic = l.picture;
  if (!pic) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pic.values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = Math.max(2, Math.floor(192 / Math.max(pic.rows, pic.cols)));
  const figure = raster(pic.values, pic.rows, pic.cols, { title: `Output channel ${pic.channel} for ${pic.input}`, document: doc, scale, domain: [lo, hi > lo ? hi : lo + 1] });
  const svg = figure.querySelector('svg');
  svg?.setAttribute('aria-label', `The layer's response (output channel ${pic.channel}) to ${pic.input}, ${pic.rows}×${pic.cols} pixels, grey from ${lo.toPrecision(3)} (black) to ${hi.toPrecision(3)} (white); checkerboard score ${score(l.imageScore)}.`);
  return figure;
}

function frameworks(doc: Doc, l: LayerReport): HTMLElement | undefined {
  if (!l.frameworks.length) return undefined;
  const box = el(doc, 'div', undefined, 'inspect-frameworks');
  box.append(el(doc, 'h4', l.kind === 'convTranspose' ? 'The same layer in every framework' : 'Its equivalent transposed convolution in every framework'));
  box.append(table(doc, ['framework', 'same numbers?', 'note'], l.frameworks.map((f) => [f.framework, f.error ? 'refused' : f.exact ? 'yes' : 'no', f.error ?? f.note ?? '']), 'Frameworks'));
  for (const f of l.frameworks.filter((f) => f.code)) {
    const details = el(doc, 'details');
    details.append(el(doc, 'summary', `${f.framework} code`));
    const pre = el(doc, 'pre');
    pre.append(el(doc, 'code', f.code));
    details.append(pre);
    box.append(details);
  }
  return box;
}

function layerSection(doc: Doc, l: LayerReport, i: number): HTMLElement {
  const section = el(doc, 'section', undefined, `inspect-layer verdict-${l.verdict}`);
  section.id = `inspect-layer-${i + 1}`;
  section.append(el(doc, 'h3', `${i + 1}. ${l.name} (${l.type}): ${VERDICT[l.verdict]}`));
  const facts: string[] = [
    `${l.position[0].toUpperCase()}${l.position.slice(1)}; fed by ${l.before.join(', ') || 'the model input'}, feeding ${l.after.join(', ') || 'the model output'}.`,
    `Input ${dims(l.inputShape)} → output ${dims(l.outputShape)}${l.assumedInput ? ' (input size not recorded: analysed on a test size)' : ''}.`,
  ];
  if (l.canonical) facts.push(`Canonical form: kernel ${l.kernel?.join('×')}, strides [${l.canonical.strides}], pads [${l.canonical.pads}], dilations [${l.canonical.dilations}], groups ${l.canonical.groups}, output padding [${l.canonical.outputPadding}].`);
  if (l.overlap) facts.push(`Overlap: ${l.overlap.pattern.length > 16 ? `${l.overlap.pattern.slice(0, 16).join(', ')}, …` : l.overlap.pattern.join(', ')} taps per phase (${l.overlap.uniform ? 'uniform' : 'uneven'}).`);
  if (l.constantScore !== undefined) facts.push(`Checkerboard score (spread of the phase means relative to the level): ${score(l.constantScore)} on a constant input${l.imageScore !== undefined ? `, ${score(l.imageScore)} on the test image` : ''}.`);
  const list = el(doc, 'ul');
  for (const f of [...facts, ...l.why, ...(l.missing ? [l.missing] : [])]) list.append(el(doc, 'li', f));
  section.append(list);
  const visuals = [phaseGrid(doc, l), picture(doc, l)].filter((v): v is Element => v !== undefined);
  if (visuals.length) {
    // Plot's panel titles (<h2>) become captions, so they do not flood the page's outline (as site/lib/figure.ts does).
    for (const v of visuals) for (const h of Array.from(v.querySelectorAll('h2'))) h.replaceWith(el(doc, 'p', h.textContent ?? '', 'panel-title'));
    const row = el(doc, 'div', undefined, 'figure-panels');
    row.append(...visuals);
    section.append(row);
  }
  if (l.phases && l.phases.channels.length > 1) {
    const details = el(doc, 'details');
    details.append(el(doc, 'summary', `Phase sums of all ${l.phases.channels.length} output channels`));
    details.append(table(doc, ['channel', 'phase sums', 'unevenness'], l.phases.channels.map((c) => [String(c.channel), c.sums.length > 16 ? `${c.sums.slice(0, 16).map((v) => v.toPrecision(3)).join(', ')}, …` : c.sums.map((v) => v.toPrecision(3)).join(', '), `${(100 * c.unevenness).toFixed(1)}%`]), 'Phase sums per output channel'));
    section.append(details);
  }
  if (l.equivalents.length) {
    section.append(el(doc, 'h4', 'Equivalent forms'));
    const eq = el(doc, 'ul');
    for (const e of l.equivalents) eq.append(el(doc, 'li', e));
    section.append(eq);
  }
  const fw = frameworks(doc, l);
  if (fw) section.append(fw);
  if (l.links.length) section.append(links(doc, l.links));
  return section;
}

/** The whole report as one element. */
export function renderReport(report: Report, doc: Doc): HTMLElement {
  const root = el(doc, 'div', undefined, 'inspect-report');
  const m = report.model;
  const h = el(doc, 'h2', `${m.name}: what its up-sampling layers do`);
  h.tabIndex = -1;
  root.append(h);
  root.append(el(doc, 'p', `${m.format === 'onnx' ? `ONNX${m.opset ? `, opset ${m.opset}` : ''}` : 'TensorFlow.js layers model'}, ${m.count} ${m.format === 'onnx' ? 'nodes' : 'layers'}, made by ${m.producer || 'an unknown producer'}.`));
  const summary = el(doc, 'ul', undefined, 'inspect-summary');
  for (const line of report.summary) summary.append(el(doc, 'li', line));
  root.append(summary);
  const keys = [...new Set(report.layers.flatMap((l) => (l.verdict === 'checkerboard' ? ['checkerboard', 'remedy'] : l.weights === 'bilinear' ? ['bilinear'] : [])))] as LayerReport['links'];
  if (keys.length) root.append(links(doc, keys));
  if (!report.layers.length) return root;
  root.append(layerTable(doc, report));
  report.layers.forEach((l, i) => root.append(layerSection(doc, l, i)));
  return root;
}
