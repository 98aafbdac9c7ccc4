/**
 * The report as plain text for a terminal: the summary, one table row per up-sampling layer,
 * then each layer's reasons, equivalent forms and framework forms. Links name the site's pages.
 */
import { PAGES, type LayerReport, type Report } from './analyse';

const fixed = (v: number | undefined, digits = 3) => (v === undefined ? '-' : v.toFixed(digits));
const list = (v: readonly number[], f = (x: number) => String(x)) => (v.length > 16 ? `${v.slice(0, 16).map(f).join(', ')}, … (${v.length} phases)` : v.map(f).join(', '));
const dims = (v: readonly (number | null)[] | undefined) => (v ? v.map((d) => d ?? '?').join('×') : '?');

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function row(l: LayerReport, i: number): string[] {
  return [
    String(i + 1), l.name, l.type, l.position, `${dims(l.inputShape)} -> ${dims(l.outputShape)}${l.assumedInput ? ' (size assumed)' : ''}`,
    l.factor?.join('×') ?? '-', l.kernel?.join('×') ?? '-', l.canonical ? `[${l.canonical.pads.join(',')}]` : '-',
    l.phases ? `${(100 * l.phases.worst).toFixed(1)}%` : '-', fixed(l.constantScore), fixed(l.imageScore), l.weights ?? '-', l.verdict,
  ];
}

export function formatReport(report: Report, site = ''): string {
  const m = report.model;
  const out: string[] = [];
  out.push(`${m.name}: ${m.format === 'onnx' ? `ONNX${m.opset ? ` opset ${m.opset}` : ''}` : 'TF.js layers model'}, ${m.count} ${m.format === 'onnx' ? 'nodes' : 'layers'}, from ${m.producer || 'unknown producer'}`);
  out.push('');
  out.push(...report.summary);
  if (report.layers.length === 0) return out.join('\n');
  out.push('');
  out.push(pad([
    ['#', 'layer', 'type', 'position', 'input -> output', 'stride', 'kernel', 'pads', 'uneven', 'score const', 'score image', 'weights', 'verdict'],
    ...report.layers.map(row),
  ]));
  report.layers.forEach((l, i) => {
    out.push('', `${i + 1}. ${l.name} (${l.type}, ${l.position}; after ${l.before.join(', ') || 'the input'}, before ${l.after.join(', ') || 'the output'})`);
    if (l.canonical) out.push(`   canonical: strides [${l.canonical.strides}] pads [${l.canonical.pads}] dilations [${l.canonical.dilations}] groups ${l.canonical.groups} output_padding [${l.canonical.outputPadding}]`);
    if (l.overlap) out.push(`   overlap per phase: ${list(l.overlap.pattern)} (${l.overlap.uniform ? 'uniform' : 'uneven'})`);
    if (l.phases) {
      const shown = l.phases.channels.slice(0, l.phases.shape.reduce((a, b) => a * b, 1) > 16 ? 2 : 8).map((c) => `ch${c.channel} [${list(c.sums, (v) => v.toPrecision(3))}] ${(100 * c.unevenness).toFixed(1)}%`);
      out.push(`   phase sums per output channel: ${shown.join('; ')}${l.phases.channels.length > 8 ? `; ... (${l.phases.channels.length} channels, worst ch${l.phases.worstChannel})` : ''}`);
    }
    for (const w of l.why) out.push(`   - ${w}`);
    if (l.missing) out.push(`   - ${l.missing}`);
    for (const e of l.equivalents) out.push(`   = ${e}`);
    if (l.frameworks.length) out.push(`   frameworks: ${l.frameworks.map((f) => `${f.framework} ${f.error ? 'refused' : f.exact ? 'exact' : 'not exact'}`).join(', ')}`);
    for (const f of l.frameworks.filter((f) => f.code && f.framework === 'PyTorch')) out.push(...f.code!.split('\n').map((line) => `     ${line}`));
    out.push(`   see: ${l.links.map((k) => `${PAGES[k].label} (${site}${PAGES[k].href})`).join('; ')}`);
  });
  return out.join('\n');
}
