/**
 * A layer run by the core on an input, as the inspector understands it: what the tests hold
 * against the frameworks' own outputs (PyTorch, onnxruntime, TF.js), so a wrong reading of a
 * file (layout, attribute default, padding) shows up as a wrong number.
 */
import { convTranspose, pixelShuffle, resizeBy, resizeConvolution, subPixelConvolution, type Tensor } from '../src/index';
import { canonicalOf } from './analyse';
import type { UpLayer } from './model';
import { channelsForDepthToSpace } from './tensors';

/** The layer's output for x [N, C, ...spatial] (the core's layout). */
export function runLayer(l: UpLayer, x: Tensor): Tensor {
  if (l.kind === 'convTranspose') {
    if (!l.weight) throw new Error(`runLayer: layer ${l.name} has no weights in the file`);
    const { options } = canonicalOf(l, x.shape.slice(2));
    return convTranspose(x, l.weight, { ...options, bias: l.bias });
  }
  if (l.kind === 'resize') {
    if (!l.factor) throw new Error(`runLayer: layer ${l.name} has no integer factor`);
    const coordinates = l.coordinates === 'pytorch_half_pixel' ? 'half_pixel' : l.coordinates;
    return resizeBy(x, l.factor, { mode: l.mode === 'linear' ? 'bilinear' : (l.mode as 'nearest'), coordinates: coordinates as 'half_pixel' });
  }
  if (l.order !== 'CRD') throw new Error(`runLayer: layer ${l.name} is a DCR depth-to-space; runLayer computes CRD (pixel_shuffle)`);
  return pixelShuffle(x, l.block);
}

/** Resize + its convolution (resize-convolution), or the convolution + DepthToSpace (sub-pixel convolution), from the convolution's input. */
export function runWithConv(l: UpLayer, x: Tensor): Tensor {
  const bias = l.kind === 'convTranspose' ? undefined : l.conv?.bias;
  if (l.kind === 'resize' && l.conv && l.factor) {
    return resizeConvolution(x, l.conv.weight, { factor: l.factor, mode: l.mode === 'linear' ? 'bilinear' : 'nearest', coordinates: l.coordinates === 'asymmetric' ? 'asymmetric' : 'half_pixel', pads: l.conv.pads, bias });
  }
  if (l.kind === 'depthToSpace' && l.conv) {
    const w = l.order === 'CRD' ? l.conv.weight : channelsForDepthToSpace(l.conv.weight, l.block);
    return subPixelConvolution(x, w, l.block, { pads: l.conv.pads, bias });
  }
  throw new Error(`runWithConv: layer ${l.name} has no neighbouring convolution`);
}
