/**
 * What every tensor op does before computing: check the tensors and the options object,
 * then ask the shape module for the geometry. Shared by the ops and the views so that
 * they all reject the same bad input with the same message.
 */
import { checkKnownKeys, checkOptions } from './errors';
import {
  CONV_OPTIONS, CONV_TRANSPOSE_OPTIONS, convInfo, convTransposeInfo,
  type ConvInfo, type ConvOptions, type ConvTransposeOptions,
} from './shape';
import { checkTensor, type Tensor } from './tensor';

export function prepareConv(fn: string, x: Tensor, w: Tensor, options: ConvOptions | undefined): ConvInfo {
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  return convInfo(fn, x.shape, w.shape, opts);
}

export function prepareConvTranspose(fn: string, x: Tensor, w: Tensor, options: ConvTransposeOptions | undefined): ConvInfo {
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_TRANSPOSE_OPTIONS);
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  return convTransposeInfo(fn, x.shape, w.shape, opts);
}
