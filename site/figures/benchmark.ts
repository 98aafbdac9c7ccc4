/**
 * The latest `npm run bench` results (bench/results/latest.json): per benchmark shape, how
 * many times longer each peer takes than deconv (median ms per whole call), on a log scale,
 * or the raw milliseconds, or GFLOP/s, or GFLOP/s as a percentage of the native reference
 * (onnxruntime-node). Data only; nothing is computed here but the drawing.
 */
import * as Plot from '@observablehq/plot';
import results from '../../bench/results/latest.json';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { note, panels } from '../lib/plots';
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type Lang, type MessageKey } from '../i18n';

export const controls: Control[] = [
  {
    name: 'measure', label: 'show', kind: 'select', value: 'ratio',
    options: [
      { value: 'ratio', label: 'peer time / deconv time' },
      { value: 'ms', label: 'median ms per call' },
      { value: 'gflops', label: 'GFLOP/s' },
      { value: 'native', label: 'GFLOP/s as % of native (onnxruntime-node)' },
    ],
  },
];

/** The peers in the order of the bars (display names: 'benchmark.peer.<key>'); colours by family (deconv's engines blue, TF.js orange, ONNX Runtime green). */
const peerKeys: { key: string; color: string }[] = [
  { key: 'deconv', color: '#4e79a7' },
  { key: 'deconv-relaxed', color: '#a0cbe8' },
  { key: 'deconv-ts', color: '#bab0ac' },
  { key: 'tf-cpu', color: '#f28e2b' },
  { key: 'tf-wasm', color: '#ffbe7d' },
  { key: 'ort', color: '#8cd17d' },
  { key: 'ort-node', color: '#59a14f' },
];

/** The peers with their display names in the page's language. */
function peersIn(lang: Lang): { key: string; name: string; color: string }[] {
  return peerKeys.map((p) => ({ ...p, name: t(`benchmark.peer.${p.key}` as MessageKey, lang) }));
}

interface PeerResult { medianMs: number; gflops: number; ratio: number }
interface CaseResult { id: string; title: string; peers: Record<string, PeerResult> }
type Measure = 'ratio' | 'ms' | 'gflops' | 'native';

const labels: Record<Measure, MessageKey> = {
  ratio: 'benchmark.axis.ratio',
  ms: 'benchmark.axis.ms',
  gflops: 'benchmark.axis.gflops',
  native: 'benchmark.axis.native',
};

/** The figure in words: for each shape, every peer's bar with its value. */
function description(measure: string, shapes: string[], rows: { shape: string; peer: string; value: number }[], format: (v: number) => string, lang: Lang): string {
  return t('benchmark.desc.lead', lang, { measure }) + t('figure.desc.sentence', lang, {
    text: shapes.map((shape) => `${shape}: ` + rows.filter((d) => d.shape === shape).map((d) => `${d.peer} ${format(d.value)}`).join(', ')).join(t('figure.desc.join', lang)),
  });
}

export function render(params: Params, document: Document): Element {
  const measure = String(params.measure) as Measure;
  const cases = results.cases as CaseResult[];
  const lang = pageLang(document);
  const peers = peersIn(lang);
  const names: Record<string, string> = Object.fromEntries(peers.map((p) => [p.key, p.name]));
  const axis = t(labels[measure], lang);
  const rows = cases.flatMap((c) => Object.entries(c.peers).map(([peer, r]) => ({
    shape: c.id, peer: names[peer] ?? peer,
    value: measure === 'ratio' ? r.ratio : measure === 'ms' ? r.medianMs : measure === 'gflops' ? r.gflops
      : 100 * r.gflops / (c.peers['ort-node']?.gflops ?? NaN),
  }))).filter((d) => Number.isFinite(d.value));
  const shown = peers.filter((p) => rows.some((d) => d.peer === p.name));
  const smallest = Math.min(...rows.map((d) => d.value));
  const reference = measure === 'ratio' ? 1 : measure === 'native' ? 100 : Infinity;
  // Bars need a baseline the scale can show, below the smallest value so that its bar is seen:
  // on the log scales, under the reference line (1x, 100%) and the smallest value; 0 for GFLOP/s.
  const base = measure === 'gflops' ? 0 : Math.min(reference, smallest) / 1.5;
  const format = (v: number) => (measure === 'native' ? `${v.toPrecision(3)}%` : v.toPrecision(3));
  const chart = Plot.plot({
    document,
    width: 720,
    height: 360,
    marginBottom: 40,
    fx: { label: null, domain: cases.map((c) => c.id) },
    x: { axis: null, domain: shown.map((p) => p.name), paddingInner: 0.15 },
    // Plain numbers on the axis (Plot's log scale would write 0.3 as "300m").
    y: { type: measure === 'gflops' ? 'linear' : 'log', label: axis, grid: true, tickFormat: (d: number) => String(+d.toPrecision(3)) },
    color: { legend: true, domain: shown.map((p) => p.name), range: shown.map((p) => p.color) },
    marks: [
      Plot.barY(rows, { fx: 'shape', x: 'peer', y1: base, y2: 'value', fill: 'peer', title: (d) => `${d.peer}: ${format(d.value)}` }),
      measure === 'gflops' ? Plot.ruleY([0]) : measure === 'ms' ? null : Plot.ruleY([reference], { stroke: 'black' }),
    ],
  });
  const machine = results.machine as { cpu: string; cores: number; node: string };
  return markCode(describe(panels(document, [
    chart,
    note(document, t('benchmark.note.run', lang, { date: results.date.slice(0, 10), commit: results.commit, cores: machine.cores, cpu: machine.cpu, node: machine.node })),
  ]), description(axis, cases.map((c) => c.id), rows, format, lang)));
}
