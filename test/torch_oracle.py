"""PyTorch as a live oracle for test/torchOracle.test.ts.

Reads a JSON list of cases (argv[1]), runs each in float64 with PyTorch's own operators and
autograd, and writes a JSON list of results (argv[2]): for every case a dict of flat tensors
{"shape": [...], "data": [...]} or {"error": "..."}. One process for every case, so torch is
imported once. Python's json writes floats with repr, which round-trips float64 exactly.

Case kinds (shapes in the core's layout, which is PyTorch's: [N, C, ...spatial]):
  conv            x, w, bias?, dy, strides, dilations, padsBegin, padsEnd, groups
  convTranspose   x, w, bias?, dy, strides, dilations, padsBegin, padsEnd, outputPadding, groups
  resize          x, size, mode ('nearest' | 'nearest-exact' | 'linear'), alignCorners
  pixelShuffle    x, r    (F.pixel_shuffle)
  pixelUnshuffle  x, r    (F.pixel_unshuffle)
  nearestSweep    maxSize: the source index F.interpolate picks for every 1-D resize in -> out,
                  1 <= in, out <= maxSize, in modes 'nearest' and 'nearest-exact' (x = arange(in))
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
LINEAR = {1: 'linear', 2: 'bilinear', 3: 'trilinear'}


def tensor(t, grad=False):
    return torch.tensor(t['data'], dtype=torch.float64).reshape(t['shape']).requires_grad_(grad)


def flat(t):
    t = t.detach()
    return {'shape': list(t.shape), 'data': t.reshape(-1).tolist()}


def torch_pad(begin, end):
    # F.pad lists the LAST axis first: (begin_last, end_last, begin_prev, end_prev, ...).
    out = []
    for b, e in zip(reversed(begin), reversed(end)):
        out += [b, e]
    return out


def run_conv(c):
    x, w = tensor(c['x'], True), tensor(c['w'], True)
    b = tensor(c['bias'], True) if c.get('bias') else None
    rank = len(c['strides'])
    if c['padsBegin'] == c['padsEnd']:
        padding, xp = c['padsBegin'], x
    else:
        # PyTorch's padding is symmetric; asymmetric pads are zero padding first (F.pad), then an unpadded conv.
        padding, xp = 0, F.pad(x, torch_pad(c['padsBegin'], c['padsEnd']))
    y = CONV[rank](xp, w, b, stride=c['strides'], padding=padding, dilation=c['dilations'], groups=c['groups'])
    return with_grads(y, c, x, w, b)


def run_conv_transpose(c):
    x, w = tensor(c['x'], True), tensor(c['w'], True)
    b = tensor(c['bias'], True) if c.get('bias') else None
    rank = len(c['strides'])
    pb, pe = c['padsBegin'], c['padsEnd']
    args = dict(stride=c['strides'], output_padding=c['outputPadding'], dilation=c['dilations'], groups=c['groups'])
    if pb == pe:
        y = CONV_T[rank](x, w, b, padding=pb, **args)
    else:
        # PyTorch's padding is symmetric. A transposed convolution's pads crop its output
        # (ONNX ConvTranspose: out = s(in-1) + output_padding + d(k-1)+1 - begin - end), so the
        # unpadded result is cut by `begin` at the start and `end` at the end of every axis.
        full = CONV_T[rank](x, w, b, padding=0, **args)
        index = [slice(None), slice(None)] + [slice(b0, full.shape[a + 2] - e0) for a, (b0, e0) in enumerate(zip(pb, pe))]
        y = full[tuple(index)]
    return with_grads(y, c, x, w, b)


def with_grads(y, c, x, w, b):
    dy = tensor(c['dy'])
    if list(dy.shape) != list(y.shape):
        return {'error': f'dy shape {list(dy.shape)} != y shape {list(y.shape)}'}
    (y * dy).sum().backward()
    out = {'y': flat(y), 'dx': flat(x.grad), 'dw': flat(w.grad)}
    if b is not None:
        out['db'] = flat(b.grad)
    return out


def run_resize(c):
    x = tensor(c['x'])
    rank = x.dim() - 2
    mode = c['mode']
    if mode == 'linear':
        y = F.interpolate(x, size=c['size'], mode=LINEAR[rank], align_corners=c['alignCorners'])
    else:
        y = F.interpolate(x, size=c['size'], mode=mode)
    return {'y': flat(y)}


def run(c):
    kind = c['kind']
    if kind == 'conv':
        return run_conv(c)
    if kind == 'convTranspose':
        return run_conv_transpose(c)
    if kind == 'resize':
        return run_resize(c)
    if kind == 'pixelShuffle':
        return {'y': flat(F.pixel_shuffle(tensor(c['x']), c['r']))}
    if kind == 'pixelUnshuffle':
        return {'y': flat(F.pixel_unshuffle(tensor(c['x']), c['r']))}
    if kind == 'nearestSweep':
        return {'indices': nearest_sweep(c['maxSize'])}
    return {'error': f'unknown kind {kind}'}


def nearest_sweep(max_size):
    out = {}
    for mode in ('nearest', 'nearest-exact'):
        rows = []
        for i in range(1, max_size + 1):
            x = torch.arange(i, dtype=torch.float64).reshape(1, 1, i)
            rows.append([F.interpolate(x, size=o, mode=mode).reshape(-1).long().tolist() for o in range(1, max_size + 1)])
        out[mode] = rows
    return out


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = []
    for c in cases:
        try:
            results.append(run(c))
        except Exception as e:  # reported per case, so one bad configuration names itself
            results.append({'error': f'{type(e).__name__}: {e}'})
    with open(sys.argv[2], 'w') as f:
        json.dump({'torch': torch.__version__, 'results': results}, f)


if __name__ == '__main__':
    main()
