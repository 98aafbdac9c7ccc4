"""
Real models for test/inspect.test.ts, exported by PyTorch (torch.onnx.export) into OUT:
  dcgan.onnx    DCGAN-style generator (Radford et al. 2016): ConvTranspose k=4 s=1 p=0, then k=4 s=2 p=1 twice
  unet.onnx     U-Net decoder (Ronneberger et al. 2015): ConvTranspose k=2 s=2, skip concat, conv, ConvTranspose k=3 s=2 p=1 op=1
  fcn.onnx      FCN head (Long et al. 2015) with bilinear-initialised ConvTranspose: diagonal k=4 s=2 p=1, depthwise k=16 s=8 p=4
  espcn.onnx    ESPCN (Shi et al. 2016): convs, then PixelShuffle(3) (exported as DepthToSpace CRD)
  upconv.onnx   nearest Upsample x2 + conv, bilinear Upsample x2 + conv (resize-convolution, Odena et al. 2016)
Broken variants: noweights.onnx (export_params=False), external.onnx (+ external.onnx.data), opset3.onnx.
For every model NAME: NAME.json with the input, the output, and every leaf module's input and
output in call order (forward hooks), NAME.probe.onnx with those up-sampling tensors added as
graph outputs (so onnxruntime can be asked for them), and onnx.proto copied for the protobuf
cross-check. Deterministic: torch.manual_seed(0).
"""
import json
import os
import shutil
import sys

import onnx
import torch
import torch.nn as nn

OUT = sys.argv[1]
OPSET = 13
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)


def bilinear_kernel(size):
    factor = (size + 1) // 2
    center = factor - 1 if size % 2 == 1 else factor - 0.5
    og = torch.arange(size, dtype=torch.float32)
    p = 1 - (og - center).abs() / factor
    return p[:, None] * p[None, :]


class DCGAN(nn.Module):
    def __init__(self, nz=16, ngf=8, nc=3):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.net(z)


class UNetDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.conv1 = nn.Conv2d(16, 8, 3, padding=1)
        self.up2 = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.head = nn.Conv2d(4, 2, 1)

    def forward(self, x, skip):
        y = self.up1(x)
        y = torch.relu(self.conv1(torch.cat([y, skip], 1)))
        return self.head(torch.relu(self.up2(y)))


class FCNHead(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.score = nn.Conv2d(8, classes, 1)
        self.up2 = nn.ConvTranspose2d(classes, classes, 4, stride=2, padding=1, bias=False)
        self.up8 = nn.ConvTranspose2d(classes, classes, 16, stride=8, padding=4, groups=classes, bias=False)
        with torch.no_grad():
            self.up2.weight.zero_()
            for c in range(classes):
                self.up2.weight[c, c] = bilinear_kernel(4)
                self.up8.weight[c, 0] = bilinear_kernel(16)

    def forward(self, x):
        return self.up8(self.up2(self.score(x)))


class ESPCN(nn.Module):
    def __init__(self, r=3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, padding=2)
        self.conv2 = nn.Conv2d(16, 8, 3, padding=1)
        self.conv3 = nn.Conv2d(8, r * r, 3, padding=1)
        self.shuffle = nn.PixelShuffle(r)

    def forward(self, x):
        return self.shuffle(self.conv3(torch.tanh(self.conv2(torch.tanh(self.conv1(x))))))


class UpConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.up1 = nn.Upsample(scale_factor=2, mode='nearest')
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.up2 = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)
        self.conv2 = nn.Conv2d(4, 2, 3, padding=1)

    def forward(self, x):
        return self.conv2(self.up2(torch.relu(self.conv1(self.up1(x)))))


def flat(t):
    return {'shape': list(t.shape), 'data': [float(v) for v in t.detach().reshape(-1)]}


def export(name, model, inputs, input_names):
    model.eval()
    calls = []
    hooks = []
    for mname, m in model.named_modules():
        if len(list(m.children())) == 0:
            def hook(mod, args, out, mname=mname):
                calls.append({'module': mname, 'type': type(mod).__name__, 'input': flat(args[0]), 'output': flat(out)})
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        out = model(*inputs)
    for h in hooks:
        h.remove()
    path = os.path.join(OUT, name + '.onnx')
    torch.onnx.export(model, tuple(inputs), path, opset_version=OPSET, input_names=input_names, output_names=['output'])
    convs = {mname: {'kernel_size': list(m.kernel_size), 'stride': list(m.stride), 'padding': list(m.padding),
                     'output_padding': list(m.output_padding), 'dilation': list(m.dilation), 'groups': m.groups}
             for mname, m in model.named_modules() if isinstance(m, nn.ConvTranspose2d)}
    json.dump({'inputs': [flat(t) for t in inputs], 'output': flat(out), 'calls': calls, 'convTranspose': convs}, open(os.path.join(OUT, name + '.json'), 'w'))
    # The probe: every up-sampling node's input and output as graph outputs, for onnxruntime.
    m = onnx.load(path)
    names = [n.output[0] for n in m.graph.node if n.op_type in ('ConvTranspose', 'Resize', 'Upsample', 'DepthToSpace')]
    names += [n.input[0] for n in m.graph.node if n.op_type in ('ConvTranspose', 'Resize', 'Upsample', 'DepthToSpace', 'Conv')]
    known = {o.name for o in m.graph.output}
    for t in dict.fromkeys(names):
        if t not in known and t not in {i.name for i in m.graph.input}:
            m.graph.output.append(onnx.helper.make_empty_tensor_value_info(t))
    onnx.save(m, os.path.join(OUT, name + '.probe.onnx'))
    return model, inputs, path


export('dcgan', DCGAN(), [torch.randn(1, 16, 1, 1)], ['z'])
export('unet', UNetDecoder(), [torch.randn(1, 16, 4, 4), torch.randn(1, 8, 8, 8)], ['x', 'skip'])
export('fcn', FCNHead(), [torch.randn(1, 8, 3, 3)], ['features'])
espcn, espcn_in, _ = export('espcn', ESPCN(), [torch.randn(1, 1, 6, 6)], ['image'])
export('upconv', UpConv(), [torch.randn(1, 4, 4, 4)], ['x'])

# Broken variants.
torch.onnx.export(DCGAN(), (torch.randn(1, 16, 1, 1),), os.path.join(OUT, 'noweights.onnx'), opset_version=OPSET, export_params=False)
m = onnx.load(os.path.join(OUT, 'dcgan.onnx'))
onnx.save_model(m, os.path.join(OUT, 'external.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
                location='external.onnx.data', size_threshold=0)
m = onnx.load(os.path.join(OUT, 'dcgan.onnx'))
for o in m.opset_import:
    if o.domain in ('', 'ai.onnx'):
        o.version = 3
onnx.save(m, os.path.join(OUT, 'opset3.onnx'))
shutil.copy(os.path.join(os.path.dirname(onnx.__file__), 'onnx.proto'), os.path.join(OUT, 'onnx.proto'))
print(json.dumps({'torch': torch.__version__, 'onnx': onnx.__version__, 'opset': OPSET}))
