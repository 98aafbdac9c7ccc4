/**
 * The latest `npm run bench` results (bench/results/latest.json): per benchmark shape, how
 * many times longer each peer takes than deconv (median ms per whole call), on a log scale,
 * or the raw milliseconds, or GFLOP/s. Data only; nothing is computed here but the drawing.
 */
import * as Plot from '@observablehq/plot';
import results from '../../bench/results/latest.json';
import type { Control, Params } from '../lib/figure';
import { note, panels } from '../lib/plots';

export const controls: Control[] = [
  {
    name: 'measure', label: 'show', kind: 'select', value: 'ratio',
    options: [
      { value: 'ratio', label: 'peer time / deconv time' },
      { value: 'ms', label: 'median ms per call' },
      { value: 'gflops', label: 'GFLOP/s' },
    ],
  },
];

const names: Record<string, string> = {
  deconv: 'deconv', 'deconv-ts': 'deconv (pure TS)', 'tf-cpu': 'TF.js CPU', 'tf-wasm': 'TF.js WASM', ort: 'onnxruntime-web',
};

interface PeerResult { medianMs: number; gflops: number; ratio: number }
interface CaseResult { id: string; title: string; peers: Record<string, PeerResult> }

export function render(params: Params, document: Document): Element {
  const measure = String(params.measure) as 'ratio' | 'ms' | 'gflops';
  const rows = (results.cases as CaseResult[]).flatMap((c) =>
    Object.entries(c.peers).map(([peer, r]) => ({
      shape: c.id, peer: names[peer] ?? peer,
      value: measure === 'ratio' ? r.ratio : measure === 'ms' ? r.medianMs : r.gflops,
    })));
  const smallest = Math.min(...rows.map((d) => d.value));
  const base = measure === 'ratio' ? Math.min(1, smallest) : measure === 'ms' ? smallest / 2 : 0;
  const label = measure === 'ratio' ? 'peer / deconv (log; > 1: deconv is faster)' : measure === 'ms' ? 'median ms per call (log)' : 'GFLOP/s';
  const chart = Plot.plot({
    document,
    width: 720,
    height: 340,
    marginBottom: 40,
    fx: { label: null, domain: (results.cases as CaseResult[]).map((c) => c.id) },
    x: { axis: null, domain: Object.values(names) },
    y: { type: measure === 'gflops' ? 'linear' : 'log', label, grid: true },
    color: { legend: true, domain: Object.values(names), scheme: 'tableau10' },
    marks: [
      // Bars need a baseline the scale can show: 1 for ratios (log), the smallest time for ms (log), 0 for GFLOP/s.
      Plot.barY(rows, { fx: 'shape', x: 'peer', y1: base, y2: 'value', fill: 'peer', title: (d) => `${d.peer}: ${d.value.toPrecision(3)}` }),
      measure === 'ratio' ? Plot.ruleY([1], { stroke: 'black' }) : Plot.ruleY([0]),
    ],
  });
  const machine = results.machine as { cpu: string; cores: number; node: string };
  return panels(document, [
    chart,
    note(document, `Run of ${results.date.slice(0, 10)} at commit ${results.commit} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; each peer in its own process, timed in rotating turns.`),
  ]);
}
