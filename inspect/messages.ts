/**
 * The inspector's findings as structured messages: a key and its values. The command line
 * prints them in English (english() below); the site's inspector page renders the same keys
 * with its message tables (site/i18n/en.ts spreads inspectEnglish, site/i18n/th.ts has the
 * Thai), so a Thai page explains a model in Thai without the analyser knowing any language.
 * Placeholders are {name}, as in site/i18n.
 */
export const inspectEnglish = {
  // Reasons for a verdict (LayerReport.why)
  'inspect.why.phasesDiffer': 'Its phase sums differ: output channel {channel} collects {sums} from the {count} phases of the {grid} grid (unevenness {percent}%), so even a constant input comes out as a grid with period {grid}.',
  'inspect.why.balanced': 'The kernel ({kernel}) does not divide into the stride ({grid}), so the overlap is uneven ({pattern} taps per phase), but its weights balance it: every phase sums to the same value. Training that moves the weights can undo this.',
  'inspect.why.free': 'Every phase of the {grid} grid sums to the same value (and the overlap is uniform): a constant input gives a constant output away from the border.',
  'inspect.why.unevenOverlap': 'The kernel size {kernel} is not a multiple of the stride {grid}: some outputs receive {most} taps and others {least} (uneven overlap).',
  'inspect.why.noWeightsUniform': 'Its weights are not in the file, so only its geometry is known: uniform overlap (kernel a multiple of the stride), so a checkerboard can come only from learned weights.',
  'inspect.why.noWeightsUneven': 'Its weights are not in the file, so only its geometry is known: uneven overlap ({pattern} taps per phase), so unless its weights balance the phases it makes a checkerboard.',
  'inspect.why.bilinear': "Its kernel is FCN's fixed bilinear kernel (size {size}, factor {factor}): it is bilinear interpolation (half-pixel) away from the border.",
  'inspect.why.resizeUnsupported': "Interpolation '{mode}' with coordinates '{coordinates}' is not one the core computes; interpolation itself has no learned weights.",
  'inspect.why.resizeScales': 'Scales {scales}: not an integer up-sampling factor the inspector analyses.',
  'inspect.why.resizeScalesUnknown': 'Scales unknown: not an integer up-sampling factor the inspector analyses.',
  'inspect.why.nearestFree': 'Nearest up-sampling by {factor} has no weights: every output phase averages its input with weights summing to 1, so a constant stays constant.',
  'inspect.why.bilinearFree': 'Bilinear up-sampling by {factor} has no weights: every output phase averages its input with weights summing to 1, so a constant stays constant.',
  'inspect.why.shuffleAlone': 'A pixel shuffle by {r} alone only moves values; whether it makes a checkerboard depends on the convolution before it, which the inspector could not find.',
  'inspect.why.padsExceed': "The convolution's pads [{pads}] exceed its kernel size - 1: no equivalent transposed convolution.",
  'inspect.why.subPixelUneven': 'In sub-pixel terms: the {count} sub-kernels that fill the {r}×{r} phases have different sums (an ICNR initialisation, Aitken et al. 2017, starts them equal).',
  'inspect.why.refused': 'The core refused part of the analysis: {message}',
  // Other ways to compute the same layer (LayerReport.equivalents)
  'inspect.eq.bilinearResize': 'Bilinear resize by {factor} (half_pixel, PyTorch align_corners=False), except at the border where the transposed convolution sees zero padding.',
  'inspect.eq.stride1': 'Stride 1: an ordinary convolution with the kernel flipped and the input padded; it grows the size by the kernel, it has no phases and cannot make a checkerboard by itself.',
  'inspect.eq.subPixel': 'Sub-pixel form: {count} stride-1 convolutions (phase kernels {kernels}) to {count}×{channels} channels, then a pixel shuffle by {factor}.',
  'inspect.eq.alternative': 'Checkerboard-free alternative: nearest up-sampling by {factor} then a stride-1 convolution (resize-convolution).',
  'inspect.eq.resizeConv': 'Together with {conv} it is a resize-convolution (up-sample, then a {kernel} convolution): no checkerboard on a constant by construction.',
  'inspect.eq.nearest': 'Nearest ×{factor} + {kernel} conv is one transposed convolution with a {eqKernel} kernel, stride {factor}, pads [{pads}]; its phase sums agree (largest unevenness {percent}%).',
  'inspect.eq.depthToSpace': '{conv} (a {kernel} convolution to {channels} channels) + pixel shuffle by {r} is one transposed convolution with a {eqKernel} kernel, stride {r}, pads [{pads}] (Shi et al. 2016).',
  // The report's summary (Report.summary, before the model's notes)
  'inspect.summary.noneNodes': 'No up-sampling layer (ConvTranspose, Resize, Upsample, DepthToSpace; Conv1D/2D/3DTranspose, UpSampling, depth-to-space) among the {count} nodes: nothing in this model up-samples by itself.',
  'inspect.summary.noneLayers': 'No up-sampling layer (ConvTranspose, Resize, Upsample, DepthToSpace; Conv1D/2D/3DTranspose, UpSampling, depth-to-space) among the {count} layers: nothing in this model up-samples by itself.',
  'inspect.summary.counts': '{count} up-sampling layers: {bad} can produce checkerboard artifacts, {balanced} balanced by their weights, {free} free of them.',
  'inspect.summary.countsOne': '{count} up-sampling layer: {bad} can produce checkerboard artifacts, {balanced} balanced by their weights, {free} free of them.',
  'inspect.summary.countsUnknown': '{count} up-sampling layers: {bad} can produce checkerboard artifacts, {balanced} balanced by their weights, {free} free of them, {unknown} unknown.',
  'inspect.summary.countsUnknownOne': '{count} up-sampling layer: {bad} can produce checkerboard artifacts, {balanced} balanced by their weights, {free} free of them, {unknown} unknown.',
  'inspect.summary.bad': "{name} ({type}, stride {stride}) can produce a checkerboard: its kernel's phases collect different totals, so a flat region comes out as a grid.",
  'inspect.summary.badUneven': "{name} ({type}, stride {stride}) can produce a checkerboard (phase sums uneven by {percent}%): its kernel's phases collect different totals, so a flat region comes out as a grid.",
  'inspect.summary.badUnevenOverlap': "{name} ({type}, stride {stride}) can produce a checkerboard (phase sums uneven by {percent}%, uneven overlap): its kernel's phases collect different totals, so a flat region comes out as a grid.",
  'inspect.summary.balanced': '{name} has uneven overlap but its weights give every phase the same total: no checkerboard on a flat input, as long as the weights stay balanced.',
  'inspect.summary.unknown': '{name}: {reason}.',
  'inspect.summary.undecided': '{name}: not enough information to decide.',
  // What the layer's picture was fed (Picture.input)
  'inspect.picture.smooth': 'a smooth {side}×{side} test image on every input channel',
  'inspect.picture.smoothThrough': 'a smooth {rows}×{cols} test image on every input channel, through {conv}',
} as const;

export type InspectKey = keyof typeof inspectEnglish;
export type MessageValues = Record<string, string | number>;

/** One finding: a message key and the values for its placeholders. */
export interface Said {
  key: InspectKey;
  values: MessageValues;
}

/** A template with its {name} placeholders filled (a placeholder without a value stays as written). */
export function fill(template: string, values: MessageValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A finding in English (the command line's words). */
export function english(said: Said): string {
  return fill(inspectEnglish[said.key], said.values);
}
