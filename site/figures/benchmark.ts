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

/** Display names, in the order of the bars; colours by family (deconv's engines blue, TF.js orange, ONNX Runtime green). */
const peers: { key: string; name: string; color: string }[] = [
  { key: 'deconv', name: 'deconv', color: '#4e79a7' },
  { key: 'deconv-relaxed', name: 'deconv (relaxed SIMD)', color: '#a0cbe8' },
  { key: 'deconv-ts', name: 'deconv (pure TS)', color: '#bab0ac' },
  { key: 'tf-cpu', name: 'TF.js CPU', color: '#f28e2b' },
  { key: 'tf-wasm', name: 'TF.js WASM', color: '#ffbe7d' },
  { key: 'ort', name: 'onnxruntime-web', color: '#8cd17d' },
  { key: 'ort-node', name: 'onnxruntime-node (native)', color: '#59a14f' },
];
const names: Record<string, string> = Object.fromEntries(peers.map((p) => [p.key, p.name]));

interface PeerResult { medianMs: number; gflops: number; ratio: number }
interface CaseResult { id: string; title: string; peers: Record<string, PeerResult> }
type Measure = 'ratio' | 'ms' | 'gflops' | 'native';

const labels: Record<Measure, string> = {
  ratio: 'peer / deconv (log; > 1: deconv is faster)',
  ms: 'median ms per call (log)',
  gflops: 'GFLOP/s',
  native: '% of onnxruntime-node GFLOP/s (log)',
};

/** The figure in words: for each shape, every peer's bar with its value. */
function description(measure: string, shapes: string[], rows: { shape: string; peer: string; value: number }[], format: (v: number) => string): string {
  return `${measure}, per layer shape. ` + shapes.map((shape) => `${shape}: `
    + rows.filter((d) => d.shape === shape).map((d) => `${d.peer} ${format(d.value)}`).join(', ')).join('. ') + '.';
}

export function render(params: Params, document: Document): Element {
  const measure = String(params.measure) as Measure;
  const cases = results.cases as CaseResult[];
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
    y: { type: measure === 'gflops' ? 'linear' : 'log', label: labels[measure], grid: true, tickFormat: (d: number) => String(+d.toPrecision(3)) },
    color: { legend: true, domain: shown.map((p) => p.name), range: shown.map((p) => p.color) },
    marks: [
      Plot.barY(rows, { fx: 'shape', x: 'peer', y1: base, y2: 'value', fill: 'peer', title: (d) => `${d.peer}: ${format(d.value)}` }),
      measure === 'gflops' ? Plot.ruleY([0]) : measure === 'ms' ? null : Plot.ruleY([reference], { stroke: 'black' }),
    ],
  });
  const machine = results.machine as { cpu: string; cores: number; node: string };
  return describe(panels(document, [
    chart,
    note(document, `Run of ${results.date.slice(0, 10)} at commit ${results.commit} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; each peer in its own process, timed in rotating turns; onnxruntime-node is ONNX Runtime's native C++ build (1 thread), the machine's reference.`),
  ]), description(labels[measure], cases.map((c) => c.id), rows, format));
}
