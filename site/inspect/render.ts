/**
 * The inspector's report as page content: the summary on top, a table of the up-sampling
 * layers, then one section per layer (geometry, reasons, phase sums as a grid, the response
 * to the test image as a picture, equivalent forms, the layer in every framework). Drawing
 * goes through the site's drawing library (site/lib/plots.ts); every number comes from the
 * report, which the core computed in the worker.
 */
import { PAGES, type LayerReport, type PageKey, type Report } from '../../inspect/analyse';
import type { Said } from '../../inspect/messages';
import { pageLang, t as translate, type Lang, type MessageKey } from '../i18n';
import { grid, raster } from '../lib/plots';

type Doc = Document;

/** The page's language, read once per report (renderReport sets it from <html lang>). */
let lang: Lang = 'en';
const t = (key: MessageKey, values?: Record<string, string | number>) => translate(key, lang, values);
const said = (s: Said) => t(s.key, s.values);

/** The Thai twins of PAGES' sections (Starlight's ids of the Thai headings). */
const THAI_HREF: Record<PageKey, string> = {
  checkerboard: '/th/checkerboard/#อาร์ติแฟกต์ลายตารางหมากรุก',
  remedy: '/th/checkerboard/#ทางแก้-รีไซซ์คอนโวลูชัน',
  learned: '/th/checkerboard/#น้ำหนักคงที่กับน้ำหนักที่เรียนรู้',
  bilinear: '/th/upsampling/#เคอร์เนลไบลิเนียร์ของ-fcn',
  subpixel: '/th/upsampling/#ซับพิกเซลคอนโวลูชันคือทรานสโพสคอนโวลูชัน',
  nearest: '/th/signal-processing/#อัปแซมปลิงแบบเพื่อนบ้านใกล้ที่สุดตามด้วยคอนโวลูชัน--ทรานสโพสคอนโวลูชัน',
  frameworks: '/th/frameworks/',
  scatter: '/th/scatter/',
};

function el<K extends keyof HTMLElementTagNameMap>(doc: Doc, tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const dims = (v: readonly (number | null)[] | undefined) => (v ? v.map((d) => d ?? '?').join('×') : t('inspect.shape.unknown'));
const score = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
const verdict = (v: LayerReport['verdict']) => t(`inspect.verdict.${v}`);

/** English words the analyser took from the file or the loader (names, notes): marked so on a Thai page. */
function english<E extends HTMLElement>(e: E): E {
  if (lang !== 'en') e.lang = 'en';
  return e;
}

function links(doc: Doc, keys: LayerReport['links']): HTMLElement {
  const p = el(doc, 'p', t('inspect.explained'), 'inspect-links');
  keys.forEach((k, i) => {
    const a = el(doc, 'a', t(`inspect.link.${k}`));
    a.href = lang === 'th' ? THAI_HREF[k] : PAGES[k].href;
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
      l.phases ? `${(100 * l.phases.worst).toFixed(1)}%` : '–', score(l.constantScore), score(l.imageScore), l.weights ? t(`inspect.weights.${l.weights}`) : '–', verdict(l.verdict)];
  });
  const head = ['#', t('inspect.table.layer'), t('inspect.table.type'), t('inspect.table.shapes'), t('inspect.table.stride'), t('inspect.table.kernel'),
    t('inspect.table.unevenness'), t('inspect.table.scoreConstant'), t('inspect.table.scoreImage'), t('inspect.table.weights'), t('inspect.table.verdict')];
  return table(doc, head, rows, t('inspect.table.caption'));
}

function phaseGrid(doc: Doc, l: LayerReport): Element | undefined {
  const p = l.phases;
  if (!p || p.shape.length !== 2 || p.shape[0] * p.shape[1] > 64) return undefined;
  const ch = p.channels[p.worstChannel];
  const rows = Array.from({ length: p.shape[0] }, (_, a) => ch.sums.slice(a * p.shape[1], (a + 1) * p.shape[1]));
  return grid(rows, { title: t('inspect.layer.phaseGrid', { channel: ch.channel }), document: doc, digits: 3 });
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
  const input = said(pic.inputSaid);
  const figure = raster(pic.values, pic.rows, pic.cols, { title: t('inspect.layer.picture', { channel: pic.channel, input }), document: doc, scale, domain: [lo, hi > lo ? hi : lo + 1] });
  const svg = figure.querySelector('svg');
  svg?.setAttribute('aria-label', t('inspect.layer.pictureLabel', { channel: pic.channel, input, rows: pic.rows, cols: pic.cols, lo: lo.toPrecision(3), hi: hi.toPrecision(3), score: score(l.imageScore) }));
  return figure;
}

function frameworks(doc: Doc, l: LayerReport): HTMLElement | undefined {
  if (!l.frameworks.length) return undefined;
  const box = el(doc, 'div', undefined, 'inspect-frameworks');
  box.append(el(doc, 'h4', t(l.kind === 'convTranspose' ? 'inspect.fw.same' : 'inspect.fw.equivalent')));
  // The note and the refusal are the core's own words (English, like its error messages).
  const note = (f: LayerReport['frameworks'][number]) => (f.error ?? f.note ? english(el(doc, 'span', f.error ?? f.note)) : '');
  const rows = l.frameworks.map((f) => [f.framework, t(f.error ? 'inspect.fw.refused' : f.exact ? 'inspect.fw.yes' : 'inspect.fw.no'), note(f)]);
  box.append(table(doc, [t('inspect.fw.framework'), t('inspect.fw.exact'), t('inspect.fw.note')], rows, t('inspect.fw.caption')));
  for (const f of l.frameworks.filter((f) => f.code)) {
    const details = el(doc, 'details');
    details.append(el(doc, 'summary', t('inspect.fw.code', { framework: f.framework })));
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
  section.append(el(doc, 'h3', t('inspect.layer.heading', { n: i + 1, name: l.name, type: l.type, verdict: verdict(l.verdict) })));
  const position = t(l.position.startsWith('node') ? 'inspect.layer.node' : 'inspect.layer.layer', { index: l.index + 1, count: l.count });
  const shapes = { input: dims(l.inputShape), output: dims(l.outputShape) };
  const facts: string[] = [
    t('inspect.layer.place', { position, before: l.before.join(', ') || t('inspect.layer.modelInput'), after: l.after.join(', ') || t('inspect.layer.modelOutput') }),
    t(l.assumedInput ? 'inspect.layer.shapesAssumed' : 'inspect.layer.shapes', shapes),
  ];
  if (l.canonical) {
    const c = l.canonical;
    facts.push(t('inspect.layer.canonical', { kernel: l.kernel?.join('×') ?? '', strides: String(c.strides), pads: String(c.pads), dilations: String(c.dilations), groups: c.groups, outputPadding: String(c.outputPadding) }));
  }
  if (l.overlap) {
    const pattern = l.overlap.pattern.length > 16 ? `${l.overlap.pattern.slice(0, 16).join(', ')}, …` : l.overlap.pattern.join(', ');
    facts.push(t(l.overlap.uniform ? 'inspect.layer.overlapUniform' : 'inspect.layer.overlapUneven', { pattern }));
  }
  if (l.constantScore !== undefined) facts.push(t(l.imageScore !== undefined ? 'inspect.layer.scoreImage' : 'inspect.layer.score', { constant: score(l.constantScore), image: score(l.imageScore) }));
  const list = el(doc, 'ul');
  for (const f of [...facts, ...l.whySaid.map(said)]) list.append(el(doc, 'li', f));
  // Why the weights are missing: the loader's English words (file names, what to export).
  if (l.missing) list.append(english(el(doc, 'li', l.missing)));
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
    details.append(el(doc, 'summary', t('inspect.layer.allPhases', { count: l.phases.channels.length })));
    const rows = l.phases.channels.map((c) => [String(c.channel), c.sums.length > 16 ? `${c.sums.slice(0, 16).map((v) => v.toPrecision(3)).join(', ')}, …` : c.sums.map((v) => v.toPrecision(3)).join(', '), `${(100 * c.unevenness).toFixed(1)}%`]);
    details.append(table(doc, [t('inspect.layer.channel'), t('inspect.layer.phaseSums'), t('inspect.layer.unevenness')], rows, t('inspect.layer.phasesCaption')));
    section.append(details);
  }
  if (l.equivalentsSaid.length) {
    section.append(el(doc, 'h4', t('inspect.layer.equivalents')));
    const eq = el(doc, 'ul');
    for (const e of l.equivalentsSaid) eq.append(el(doc, 'li', said(e)));
    section.append(eq);
  }
  const fw = frameworks(doc, l);
  if (fw) section.append(fw);
  if (l.links.length) section.append(links(doc, l.links));
  return section;
}

/** The whole report as one element. */
export function renderReport(report: Report, doc: Doc): HTMLElement {
  lang = pageLang(doc);
  const root = el(doc, 'div', undefined, 'inspect-report');
  const m = report.model;
  const h = el(doc, 'h2', t('inspect.report.title', { name: m.name }));
  h.tabIndex = -1;
  root.append(h);
  const made = { count: m.count, opset: m.opset ?? '', producer: m.producer || t('inspect.report.noProducer') };
  root.append(el(doc, 'p', t(m.format === 'tfjs' ? 'inspect.report.tfjs' : m.opset ? 'inspect.report.onnxOpset' : 'inspect.report.onnx', made)));
  const summary = el(doc, 'ul', undefined, 'inspect-summary');
  for (const line of report.summarySaid) summary.append(el(doc, 'li', said(line)));
  // The model's notes: the loader's English words (what the file lacks, how to export it).
  for (const note of report.model.notes) summary.append(english(el(doc, 'li', note)));
  root.append(summary);
  const keys = [...new Set(report.layers.flatMap((l) => (l.verdict === 'checkerboard' ? ['checkerboard', 'remedy'] : l.weights === 'bilinear' ? ['bilinear'] : [])))] as LayerReport['links'];
  if (keys.length) root.append(links(doc, keys));
  if (!report.layers.length) return root;
  root.append(layerTable(doc, report));
  report.layers.forEach((l, i) => root.append(layerSection(doc, l, i)));
  return root;
}
