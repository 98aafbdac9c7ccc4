/**
 * What every up-sampling layer of a model does, computed by the core on the layer's own
 * weights: the geometry in canonical (ONNX) form through the framework adapters, the layer
 * written for every framework, the per-phase kernel sums of each output channel and how
 * uneven they are (Odena, Dumoulin & Olah 2016: unequal phase sums are what a constant input
 * turns into a checkerboard), the overlap pattern, checkerboard scores on a constant and on a
 * smooth test image, whether the kernel is FCN's bilinear kernel, and the equivalent
 * resize-convolution or sub-pixel form. Nothing here re-derives the math: it calls src/.
 *
 * "The same input on every channel": a transposed convolution is linear, so an input equal
 * on all Cin channels gives, on output channel m, one channel through the kernel
 * sum_c w[c, m] (the channel-summed kernel). The scores use it, which keeps the work
 * independent of Cin.
 */
import {
  bilinearKernel, bilinearParameters, bilinearProfile, checkerboardScore, convTranspose, fromKeras, fromOnnx, hasUniformOverlap,
  isCheckerboardFree, nearestUpsampleConvTranspose, overlapPattern, phaseSums, polyphaseKernels, resizeBy,
  resizeConvolution, smoothImage, subPixelConvTranspose, toCaffe, toKeras, toOnnx, toTensorFlow, toTfjs,
  toTorch, torchCode, tensorflowCode, kerasCode, onnxCode, tfjsCode, caffeCode, type Canonical, type ConvTransposeOptions,
  type CoordinateMode, type ResizeMode, type Tensor,
} from '../src/index';
import { english, type InspectKey, type MessageValues, type Said } from './messages';
import { channelSum, channelsForDepthToSpace, columnOf, constantInput, spatialOf } from './tensors';
import type { ConvTransposeLayer, DepthToSpaceLayer, ModelSummary, ResizeLayer, UpLayer } from './model';

/** Pages of the site that explain each finding (paths from the site's root). */
export const PAGES = {
  checkerboard: { label: 'Checkerboard artifacts', href: '/checkerboard/#checkerboard-artifacts' },
  remedy: { label: 'The remedy: resize-convolution', href: '/checkerboard/#the-remedy-resize-convolution' },
  learned: { label: 'Fixed versus learned weights', href: '/checkerboard/#fixed-versus-learned-weights' },
  bilinear: { label: "FCN's bilinear kernel", href: '/upsampling/#fcns-bilinear-kernel' },
  subpixel: { label: 'Sub-pixel convolution is a transposed convolution', href: '/upsampling/#sub-pixel-convolution-is-a-transposed-convolution' },
  nearest: { label: 'Nearest up-sampling + conv = a transposed conv', href: '/signal-processing/#nearest-neighbour-up-sampling--conv--a-transposed-conv' },
  frameworks: { label: 'Framework conventions', href: '/frameworks/' },
  scatter: { label: 'The scatter view (phases)', href: '/scatter/' },
} as const;

export type PageKey = keyof typeof PAGES;

export type Verdict = 'checkerboard' | 'balanced' | 'free' | 'unknown';

export interface FrameworkForm {
  framework: 'PyTorch' | 'TensorFlow' | 'Keras' | 'ONNX' | 'TF.js' | 'Caffe';
  exact: boolean;
  note?: string;
  code?: string;
  error?: string;
}

export interface ChannelPhases {
  channel: number;
  /** Phase sums of the channel-summed kernel, row-major over [...strides]. */
  sums: number[];
  /** (max - min) / max |sum|: 0 when even, up to 1 (or 2 with signs) when one phase dominates. */
  unevenness: number;
}

export interface Picture {
  /** Row-major values of one output channel, rows x cols. */
  values: number[];
  rows: number;
  cols: number;
  channel: number;
  /** What was fed in. */
  input: string;
  /** The same, as a message for the page's language. */
  inputSaid: Said;
}

export interface LayerReport {
  name: string;
  type: string;
  kind: UpLayer['kind'];
  /** "node 8 of 12". */
  position: string;
  index: number;
  /** Nodes (ONNX) or layers (TF.js) in the model, for the position. */
  count: number;
  before: string[];
  after: string[];
  inputShape?: (number | null)[];
  outputShape?: (number | null)[];
  /** True when the input size was not known and the analysis used its own test size. */
  assumedInput: boolean;
  /** Up-sampling factor per spatial axis. */
  factor?: number[];
  /** Transposed-convolution geometry (the layer's own or its equivalent). */
  kernel?: number[];
  canonical?: Canonical;
  /** The layer as each framework writes it (transposed convolutions). */
  frameworks: FrameworkForm[];
  overlap?: { pattern: number[]; uniform: boolean };
  phases?: { shape: number[]; channels: ChannelPhases[]; worst: number; worstChannel: number };
  /** Checkerboard scores (relative spread of the phase means, core's checkerboardScore). */
  constantScore?: number;
  imageScore?: number;
  picture?: Picture;
  /** 'bilinear' (FCN's fixed kernel), 'learned', or undefined when unknown. */
  weights?: 'bilinear' | 'learned';
  /** Other ways to compute the same layer. */
  equivalents: string[];
  /** The same, as messages (key and values) for the page's language. */
  equivalentsSaid: Said[];
  verdict: Verdict;
  /** Plain-words reasons for the verdict. */
  why: string[];
  /** The same, as messages (key and values) for the page's language. */
  whySaid: Said[];
  links: PageKey[];
  missing?: string;
  /** A core refusal met while analysing (the layer is then partly reported). */
  error?: string;
}

export interface Report {
  model: Omit<ModelSummary, 'layers'>;
  layers: LayerReport[];
  /** Plain-words summary, most important first (the model's notes last). */
  summary: string[];
  /** The summary before the model's notes, as messages for the page's language. */
  summarySaid: Said[];
}

/** Records a finding twice: as English words (the CLI's) and as a message (the page's). */
function say(words: string[], said: Said[], key: InspectKey, values: MessageValues = {}): void {
  said.push({ key, values });
  words.push(english({ key, values }));
}

const why = (r: LayerReport, key: InspectKey, values?: MessageValues) => say(r.why, r.whySaid, key, values);
const equivalent = (r: LayerReport, key: InspectKey, values?: MessageValues) => say(r.equivalents, r.equivalentsSaid, key, values);

/** Test size used when a layer's input size is unknown. */
const TEST_SIZE = 8;
/** Smallest test image side for the pictures (big enough to see a pattern). */
const IMAGE_MIN = 16;
/** Relative tolerance for "equal" phase sums (float32 weights carry ~1e-7 relative error). */
const EVEN = 1e-4;
/** Largest test image side. */
const IMAGE_LIMIT = 48;

function position(l: UpLayer, summary: ModelSummary): string {
  return `${summary.format === 'onnx' ? 'node' : 'layer'} ${l.index + 1} of ${l.count}`;
}

function baseReport(l: UpLayer, summary: ModelSummary): LayerReport {
  return {
    name: l.name, type: l.type, kind: l.kind, position: position(l, summary), index: l.index, count: l.count, before: l.before, after: l.after,
    inputShape: l.inputShape, outputShape: l.outputShape, assumedInput: false, frameworks: [], equivalents: [], equivalentsSaid: [], verdict: 'unknown',
    why: [], whySaid: [], links: [], missing: l.missing,
  };
}

/** The canonical options of a transposed-convolution layer for a spatial input size. */
export function canonicalOf(l: ConvTransposeLayer, spatial: number[]): { options: Canonical; outputShape: number[] } {
  const resolved = l.keras ? fromKeras(l.keras, spatial) : fromOnnx(l.onnx ?? {}, spatial, l.kernel);
  return { options: { ...resolved.options, groups: l.onnx?.group ?? 1 }, outputShape: resolved.outputShape };
}

function frameworkForms(options: ConvTransposeOptions, spatial: number[], kernel: number[], cin?: number, cout?: number): FrameworkForm[] {
  const code = { inputShape: spatial, inChannels: cin, outChannels: cout };
  const forms: [FrameworkForm['framework'], () => { exact: boolean; note?: string; code: string }][] = [
    ['PyTorch', () => { const t = toTorch(options, spatial, kernel); return { ...t, code: torchCode(t, code) }; }],
    ['TensorFlow', () => { const t = toTensorFlow(options, spatial, kernel); return { ...t, code: tensorflowCode(t, code) }; }],
    ['Keras', () => { const t = toKeras(options, spatial, kernel); return { ...t, code: kerasCode(t, code) }; }],
    ['ONNX', () => { const t = toOnnx(options, spatial, kernel); return { ...t, code: onnxCode(t, code) }; }],
    ['TF.js', () => { const t = toTfjs(options, spatial, kernel); return { ...t, code: tfjsCode(t, code) }; }],
    ['Caffe', () => { const t = toCaffe(options, spatial, kernel); return { ...t, code: caffeCode(t, code) }; }],
  ];
  return forms.map(([framework, make]) => {
    try {
      const { exact, note, code: text } = make();
      return { framework, exact, note, code: text };
    } catch (e) {
      return { framework, exact: false, error: (e as Error).message };
    }
  });
}

/** Phase sums of every output channel's channel-summed kernel, and how uneven they are. */
function phasesOf(summed: Tensor, strides: number[], dilations: number[]): NonNullable<LayerReport['phases']> {
  const channels: ChannelPhases[] = [];
  const cout = summed.shape[1];
  for (let m = 0; m < cout; m++) {
    const sums = Array.from(phaseSums(columnOf(summed, m), strides, dilations).data);
    channels.push({ channel: m, sums, unevenness: unevenness(sums) });
  }
  const worst = channels.reduce((a, b) => (b.unevenness > a.unevenness ? b : a), channels[0]);
  return { shape: strides, channels, worst: worst?.unevenness ?? 0, worstChannel: worst?.channel ?? 0 };
}

function unevenness(sums: number[]): number {
  const top = Math.max(...sums.map(Math.abs));
  return top === 0 ? 0 : (Math.max(...sums) - Math.min(...sums)) / top;
}

/** Input side for the scores: big enough to leave an interior after cropping the border, small enough to stay quick. */
function testSide(kernel: number[], strides: number[]): { side: number; crop: number } {
  const crop = Math.max(...kernel.map((k, a) => strides[a] * Math.ceil(k / strides[a])));
  const need = Math.max(...kernel.map((k, a) => Math.ceil((2 * crop + 2 * strides[a]) / strides[a]) + Math.ceil(k / strides[a])));
  const side = Math.min(IMAGE_LIMIT, Math.max(need, IMAGE_MIN));
  return { side, crop };
}

/** Scores and picture of a transposed convolution with channel-summed weight [1, M, ...k]. */
function transposedScores(report: LayerReport, summed: Tensor, options: ConvTransposeOptions, strides: number[], kernel: number[]): void {
  const rank = kernel.length;
  const { side, crop } = testSide(kernel, strides);
  const constant = convTranspose(constantInput([1, 1, ...new Array<number>(rank).fill(side)]), summed, options);
  report.constantScore = checkerboardScore(constant, strides, { crop }).score;
  if (rank !== 2) return;
  const image = smoothImage(side);
  const y = convTranspose(image, summed, options);
  report.imageScore = checkerboardScore(y, strides, { crop }).score;
  const channel = report.phases?.worstChannel ?? 0;
  const inputSaid: Said = { key: 'inspect.picture.smooth', values: { side } };
  report.picture = { ...spatialOf(y, channel), channel, input: english(inputSaid), inputSaid };
}

function isBilinear(w: Tensor, strides: number[], groups: number): boolean {
  const [cin, perGroup, ...k] = w.shape;
  if (k.length < 1 || k.length > 2 || k.some((v) => v !== k[0])) return false;
  if (bilinearParameters(k[0]).factor !== strides[0] || strides.some((s) => s !== strides[0])) return false;
  const reference = k.length === 2 ? bilinearKernel(k[0]).data : bilinearProfile(k[0]);
  const taps = reference.length;
  const close = (at: number, expected: (t: number) => number) => {
    for (let t = 0; t < taps; t++) if (Math.abs(w.data[at + t] - expected(t)) > 1e-5) return false;
    return true;
  };
  // Each input channel feeds exactly its own output channel (diagonal or depthwise layout), through the bilinear kernel.
  for (let c = 0; c < cin; c++) {
    const own = groups === 1 ? c : c % perGroup;
    if (groups === 1 && perGroup !== cin) return false;
    for (let m = 0; m < perGroup; m++) {
      const at = (c * perGroup + m) * taps;
      if (!close(at, m === own ? (t) => reference[t] : () => 0)) return false;
    }
  }
  return true;
}

function verdictOf(report: LayerReport, summed: Tensor, strides: number[], dilations: number[], kernel: number[]): void {
  const uniform = hasUniformOverlap(kernel, strides, dilations);
  const free = Array.from({ length: summed.shape[1] }, (_, m) => isCheckerboardFree(columnOf(summed, m), strides, dilations, EVEN)).every(Boolean);
  const p = report.phases!;
  const s = strides.join('×');
  if (!free) {
    report.verdict = 'checkerboard';
    const ch = p.channels[p.worstChannel];
    why(report, 'inspect.why.phasesDiffer', { channel: ch.channel, sums: ch.sums.map((v) => v.toPrecision(3)).join(', '), count: ch.sums.length, grid: s, percent: (100 * p.worst).toFixed(0) });
    report.links.push('checkerboard', 'learned');
  } else if (!uniform) {
    report.verdict = 'balanced';
    why(report, 'inspect.why.balanced', { kernel: kernel.join('×'), grid: s, pattern: report.overlap!.pattern.join(', ') });
    report.links.push('checkerboard', 'learned');
  } else {
    report.verdict = 'free';
    why(report, 'inspect.why.free', { grid: s });
    report.links.push('checkerboard');
  }
  if (!uniform && !free) why(report, 'inspect.why.unevenOverlap', { kernel: kernel.join('×'), grid: s, most: Math.max(...report.overlap!.pattern), least: Math.min(...report.overlap!.pattern) });
}

function analyseConvTranspose(l: ConvTransposeLayer, report: LayerReport): void {
  const known = l.inputShape && l.inputShape.slice(2).every((v) => v !== null) ? (l.inputShape.slice(2) as number[]) : undefined;
  const spatial = known ?? l.kernel.map(() => TEST_SIZE);
  report.assumedInput = !known;
  const { options, outputShape } = canonicalOf(l, spatial);
  report.canonical = options;
  report.kernel = l.kernel;
  report.factor = options.strides;
  if (!l.outputShape && known) report.outputShape = [l.inputShape![0], l.outChannels ?? null, ...outputShape];
  report.frameworks = frameworkForms(options, spatial, l.kernel, l.inChannels, l.outChannels);
  report.overlap = { pattern: Array.from(overlapPattern(l.kernel, options.strides, options.dilations).data), uniform: hasUniformOverlap(l.kernel, options.strides, options.dilations) };
  report.links.push('frameworks', 'scatter');
  if (!l.weight) {
    if (report.overlap.uniform) why(report, 'inspect.why.noWeightsUniform');
    else why(report, 'inspect.why.noWeightsUneven', { pattern: report.overlap.pattern.join(', ') });
    return;
  }
  const summed = channelSum(l.weight, options.groups);
  report.phases = phasesOf(summed, options.strides, options.dilations);
  const single = { strides: options.strides, pads: options.pads, dilations: options.dilations, outputPadding: options.outputPadding };
  transposedScores(report, summed, single, options.strides, l.kernel);
  verdictOf(report, summed, options.strides, options.dilations, l.kernel);
  report.weights = isBilinear(l.weight, options.strides, options.groups) ? 'bilinear' : 'learned';
  if (report.weights === 'bilinear') {
    why(report, 'inspect.why.bilinear', { size: l.kernel[0], factor: options.strides[0] });
    equivalent(report, 'inspect.eq.bilinearResize', { factor: options.strides.join('×') });
    report.links.push('bilinear');
  }
  if (options.strides.every((s) => s === 1)) {
    equivalent(report, 'inspect.eq.stride1');
    return;
  }
  const phases = polyphaseKernels(l.weight, options.strides, options.dilations);
  const sizes = phases.map((p) => (p.kernel ? p.kernel.shape.slice(2).join('×') : 'none'));
  equivalent(report, 'inspect.eq.subPixel', { count: phases.length, kernels: [...new Set(sizes)].join(', '), channels: l.outChannels ?? '?', factor: options.strides.join('×') });
  if (report.verdict === 'checkerboard') equivalent(report, 'inspect.eq.alternative', { factor: options.strides.join('×') });
  report.links.push('subpixel', 'remedy');
}

function coordinatesOf(mode: string): CoordinateMode | undefined {
  if (mode === 'half_pixel' || mode === 'pytorch_half_pixel') return 'half_pixel';
  if (mode === 'asymmetric' || mode === 'align_corners') return mode;
  return undefined;
}

function resizeModeOf(mode: string): ResizeMode | undefined {
  if (mode === 'nearest') return 'nearest';
  if (mode === 'linear' || mode === 'bilinear') return 'bilinear';
  return undefined;
}

function analyseResize(l: ResizeLayer, report: LayerReport): void {
  report.factor = l.factor;
  report.links.push('remedy');
  const mode = resizeModeOf(l.mode);
  const coordinates = coordinatesOf(l.coordinates);
  if (!l.factor || !mode || !coordinates) {
    if (l.factor) why(report, 'inspect.why.resizeUnsupported', { mode: l.mode, coordinates: l.coordinates });
    else if (l.scales) why(report, 'inspect.why.resizeScales', { scales: l.scales.join('×') });
    else why(report, 'inspect.why.resizeScalesUnknown');
    return;
  }
  const rank = l.factor.length;
  const side = Math.max(TEST_SIZE, ...l.factor.map((f) => 2 + Math.ceil(8 / f)));
  const crop = Math.max(...l.factor) * 2;
  const resized = resizeBy(constantInput([1, 1, ...new Array<number>(rank).fill(side)]), l.factor, { mode, coordinates });
  report.constantScore = checkerboardScore(resized, l.factor, { crop }).score;
  report.verdict = 'free';
  why(report, mode === 'nearest' ? 'inspect.why.nearestFree' : 'inspect.why.bilinearFree', { factor: l.factor.join('×') });
  if (!l.conv) return;
  const { weight, pads, groups } = l.conv;
  const summed = channelSum(weight, groups, true);
  const kernel = weight.shape.slice(2);
  const image = rank === 2 ? smoothImage(Math.min(IMAGE_LIMIT / Math.max(...l.factor), 24)) : undefined;
  const opts = { factor: l.factor, mode, coordinates, pads };
  const constantIn = constantInput([1, 1, ...new Array<number>(rank).fill(side)]);
  const cropped = Math.max(crop, ...kernel) + Math.max(...l.factor);
  const cropAt = cropped - (cropped % Math.max(...l.factor));
  report.constantScore = checkerboardScore(resizeConvolution(constantIn, summed, opts), l.factor, { crop: cropAt }).score;
  equivalent(report, 'inspect.eq.resizeConv', { conv: l.conv.name, kernel: kernel.join('×') });
  if (mode === 'nearest' && pads.every((p, e) => p <= kernel[e % rank] - 1)) {
    const eq = nearestUpsampleConvTranspose(weight, l.factor, { pads });
    report.kernel = eq.w.shape.slice(2);
    const eqSummed = channelSum(eq.w, 1);
    report.phases = phasesOf(eqSummed, l.factor, l.factor.map(() => 1));
    report.overlap = { pattern: Array.from(overlapPattern(report.kernel, l.factor).data), uniform: hasUniformOverlap(report.kernel, l.factor) };
    equivalent(report, 'inspect.eq.nearest', { factor: l.factor.join('×'), kernel: kernel.join('×'), eqKernel: report.kernel.join('×'), pads: (eq.options.pads as number[]).join(', '), percent: (100 * report.phases.worst).toFixed(2) });
    report.links.push('nearest');
  }
  if (image) {
    const y = resizeConvolution(image, summed, opts);
    report.imageScore = checkerboardScore(y, l.factor, { crop: cropAt }).score;
    const inputSaid: Said = { key: 'inspect.picture.smoothThrough', values: { rows: image.shape[2], cols: image.shape[3], conv: l.conv.name } };
    report.picture = { ...spatialOf(y, 0), channel: 0, input: english(inputSaid), inputSaid };
  }
}

function analyseDepthToSpace(l: DepthToSpaceLayer, report: LayerReport): void {
  const r = l.block;
  report.links.push('subpixel');
  if (!l.conv) {
    report.factor = l.inputShape ? l.inputShape.slice(2).map(() => r) : [r, r];
    why(report, 'inspect.why.shuffleAlone', { r });
    return;
  }
  const rank = l.conv.weight.shape.length - 2;
  const strides = new Array<number>(rank).fill(r);
  report.factor = strides;
  const weight = l.order === 'CRD' ? l.conv.weight : channelsForDepthToSpace(l.conv.weight, r);
  const k = weight.shape.slice(2);
  const pads = l.conv.pads;
  if (pads.some((p, e) => p > k[e % rank] - 1)) {
    why(report, 'inspect.why.padsExceed', { pads: pads.join(', ') });
    return;
  }
  const eq = subPixelConvTranspose(weight, r, { pads });
  report.kernel = eq.w.shape.slice(2);
  const options: Canonical = { strides, pads: eq.options.pads as number[], dilations: strides.map(() => 1), groups: 1, outputPadding: strides.map(() => 0) };
  report.canonical = options;
  equivalent(report, 'inspect.eq.depthToSpace', { conv: l.conv.name, kernel: k.join('×'), channels: weight.shape[0], r, eqKernel: report.kernel.join('×'), pads: options.pads.join(', ') });
  const known = l.inputShape && l.inputShape.slice(2).every((v) => v !== null) ? (l.inputShape.slice(2) as number[]) : undefined;
  report.assumedInput = !known;
  const spatial = known ?? k.map(() => TEST_SIZE);
  report.frameworks = frameworkForms(options, spatial, report.kernel, eq.w.shape[0], eq.w.shape[1]);
  report.overlap = { pattern: Array.from(overlapPattern(report.kernel, strides).data), uniform: hasUniformOverlap(report.kernel, strides) };
  const summed = channelSum(eq.w, 1);
  report.phases = phasesOf(summed, strides, options.dilations);
  transposedScores(report, summed, { strides, pads: options.pads }, strides, report.kernel);
  verdictOf(report, summed, strides, options.dilations, report.kernel);
  if (report.verdict === 'checkerboard') {
    why(report, 'inspect.why.subPixelUneven', { count: r ** rank, r });
  }
  report.weights = 'learned';
}

/** The report for one up-sampling layer. */
export function analyseLayer(l: UpLayer, summary: ModelSummary): LayerReport {
  const report = baseReport(l, summary);
  try {
    if (l.kind === 'convTranspose') analyseConvTranspose(l, report);
    else if (l.kind === 'resize') analyseResize(l, report);
    else analyseDepthToSpace(l, report);
  } catch (e) {
    report.error = (e as Error).message;
    why(report, 'inspect.why.refused', { message: (e as Error).message });
  }
  report.links = [...new Set(report.links)];
  return report;
}

/** The whole report: every up-sampling layer and a summary in plain words. */
export function analyse(summary: ModelSummary, onProgress?: (fraction: number, stage: string) => void): Report {
  const layers = summary.layers.map((l, i) => {
    onProgress?.(i / Math.max(1, summary.layers.length), `analysing ${l.name}`);
    return analyseLayer(l, summary);
  });
  const { layers: _omit, ...model } = summary;
  const said = summaryOf(summary, layers);
  return { model, layers, summary: [...said.map(english), ...summary.notes], summarySaid: said };
}

function summaryOf(summary: ModelSummary, layers: LayerReport[]): Said[] {
  const lines: Said[] = [];
  const line = (key: InspectKey, values: MessageValues) => lines.push({ key, values });
  if (layers.length === 0) {
    line(summary.format === 'onnx' ? 'inspect.summary.noneNodes' : 'inspect.summary.noneLayers', { count: summary.count });
    return lines;
  }
  const bad = layers.filter((l) => l.verdict === 'checkerboard');
  const balanced = layers.filter((l) => l.verdict === 'balanced');
  const unknown = layers.filter((l) => l.verdict === 'unknown');
  const free = layers.length - bad.length - balanced.length - unknown.length;
  const one = layers.length === 1;
  const counts = unknown.length ? (one ? 'inspect.summary.countsUnknownOne' : 'inspect.summary.countsUnknown') : one ? 'inspect.summary.countsOne' : 'inspect.summary.counts';
  const values: MessageValues = { count: layers.length, bad: bad.length, balanced: balanced.length, free };
  line(counts, unknown.length ? { ...values, unknown: unknown.length } : values);
  for (const l of bad) {
    const values = { name: l.name, type: l.type, stride: l.factor?.join('×') ?? 'undefined' };
    if (!l.phases) line('inspect.summary.bad', values);
    else line(l.overlap && !l.overlap.uniform ? 'inspect.summary.badUnevenOverlap' : 'inspect.summary.badUneven', { ...values, percent: (100 * l.phases.worst).toFixed(0) });
  }
  for (const l of balanced) line('inspect.summary.balanced', { name: l.name });
  for (const l of unknown) {
    const reason = l.missing ?? l.why[0];
    if (reason) line('inspect.summary.unknown', { name: l.name, reason });
    else line('inspect.summary.undecided', { name: l.name });
  }
  return lines;
}
