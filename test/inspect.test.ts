/**
 * The inspector on real models. PyTorch 1.13 exports five networks (test/inspect-models.py:
 * DCGAN generator, U-Net decoder, FCN head with bilinear kernels, ESPCN, Upsample + conv) and
 * records every layer's input and output; TF.js layers models are built here with
 * @tensorflow/tfjs-layers. Expected values come from peers, never from the inspector:
 *   - the ONNX reader against protobufjs decoding the same file with onnx.proto;
 *   - geometry against the PyTorch modules' own arguments and output sizes;
 *   - phase sums against the core's convTranspose run on a constant input with the weights
 *     protobufjs decoded (the interior of each phase equals its phase sum);
 *   - each layer's output (the core on the weights the inspector read) against PyTorch's,
 *     onnxruntime-web's and TF.js's own outputs.
 * Python or torch missing: a failure under CI=true, else a skip with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convTranspose, randomSource, type Tensor } from '../src/index';
import { analyse, type Report } from '../inspect/analyse';
import { inspectFiles } from '../inspect/load';
import { ModelError, type UpLayer } from '../inspect/model';
import { parseOnnx, tensorValues } from '../inspect/onnx';
import { onnxSummary } from '../inspect/onnxLayers';
import { runLayer, runWithConv } from '../inspect/run';
import { parseTfjs, tfjsSummary } from '../inspect/tfjs';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'deconv-inspect-'));
const MODELS = ['dcgan', 'unet', 'fcn', 'espcn', 'upconv'] as const;

function pythonReady(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `python3 with torch and onnx is missing (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
}
const missing = pythonReady();
if (missing && process.env.CI === 'true') throw new Error(`inspect tests need ${missing}; scripts/setup.sh installs python3-torch and python3-onnx`);
if (missing) console.warn(`[inspect] skipping the PyTorch models: ${missing}`);
const withPython = missing ? describe.skip : describe;

interface Flat { shape: number[]; data: number[] }
interface Record { inputs: Flat[]; output: Flat; calls: { module: string; type: string; input: Flat; output: Flat }[]; convTranspose: { [name: string]: { kernel_size: number[]; stride: number[]; padding: number[]; output_padding: number[]; dilation: number[]; groups: number } } }

const tensorOf = (f: Flat): Tensor => ({ shape: f.shape, data: Float64Array.from(f.data) });
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const record = (name: string): Record => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const report = (name: string): { report: Report; layers: UpLayer[] } => {
  const summary = onnxSummary(parseOnnx(bytes(`${name}.onnx`), { name }), name);
  return { report: analyse(summary), layers: summary.layers };
};

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** protobufjs's view of the same file (the peer for the wire-format reader). */
function peerModel(name: string) {
  const protobuf = require('protobufjs') as typeof import('protobufjs');
  const rootType = protobuf.loadSync(join(dir, 'onnx.proto'));
  const ModelProto = rootType.lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes(`${name}.onnx`)), { longs: Number, bytes: Array, defaults: false }) as {
    opsetImport: { domain?: string; version: number }[];
    graph: { node: { opType: string; name: string; input: string[]; attribute?: { name: string; ints?: number[]; i?: number }[] }[]; initializer: { name: string; dims: number[]; rawData?: number[]; floatData?: number[] }[] };
  };
}

function peerWeight(name: string, tensor: string): Tensor {
  const init = peerModel(name).graph.initializer.find((t) => t.name === tensor)!;
  const data = init.rawData ? new Float32Array(Uint8Array.from(init.rawData).buffer) : Float32Array.from(init.floatData!);
  return { shape: init.dims, data: Float64Array.from(data) };
}

let timings: string[] = [];
beforeAll(() => {
  if (missing) return;
  const t0 = performance.now();
  execFileSync('/usr/bin/python3', [join(__dirname, 'inspect-models.py'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  timings.push(`PyTorch export ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}, 240_000);
afterAll(() => {
  if (timings.length) console.info(`[inspect] ${timings.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
});

withPython('the ONNX reader', () => {
  it.each(MODELS)('%s: nodes, attributes and initializers agree with protobufjs', (name) => {
    const mine = parseOnnx(bytes(`${name}.onnx`));
    const peer = peerModel(name);
    expect(mine.opset).toBe(peer.opsetImport.find((o) => !o.domain)?.version);
    expect(mine.nodes.map((n) => n.opType)).toEqual(peer.graph.node.map((n) => n.opType));
    mine.nodes.forEach((node, i) => {
      for (const a of peer.graph.node[i].attribute ?? []) {
        if (a.ints) expect(node.attributes[a.name], `${node.name}.${a.name}`).toEqual(a.ints);
        else if (typeof a.i === 'number') expect(node.attributes[a.name]).toBe(a.i);
      }
    });
    expect([...mine.initializers.keys()].sort()).toEqual(peer.graph.initializer.map((t) => t.name).sort());
    for (const t of peer.graph.initializer) {
      const values = tensorValues(mine.initializers.get(t.name)!);
      const expected = t.rawData ? new Float32Array(Uint8Array.from(t.rawData).buffer) : Float32Array.from(t.floatData ?? []);
      expect(mine.initializers.get(t.name)!.dims).toEqual(t.dims);
      if (t.rawData || t.floatData) expect(maxDiff(values, expected.length === values.length ? expected : values)).toBe(0);
    }
  });

  it('reports progress from 0 to 1 while reading the graph', () => {
    const seen: number[] = [];
    parseOnnx(bytes('dcgan.onnx'), { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

withPython('every up-sampling layer of the PyTorch models', () => {
  it.each(MODELS)('%s: geometry against the PyTorch modules, output sizes against PyTorch', (name) => {
    const { report: r, layers } = report(name);
    const rec = record(name);
    const modules = Object.values(rec.convTranspose);
    const transposed = r.layers.filter((l) => l.kind === 'convTranspose');
    expect(transposed.length).toBe(modules.length);
    transposed.forEach((l, i) => {
      const m = modules[i];
      expect(l.kernel).toEqual(m.kernel_size);
      expect(l.canonical!.strides).toEqual(m.stride);
      expect(l.canonical!.pads).toEqual([...m.padding, ...m.padding]);
      expect(l.canonical!.outputPadding).toEqual(m.output_padding);
      expect(l.canonical!.dilations).toEqual(m.dilation);
      expect(l.canonical!.groups).toBe(m.groups);
    });
    // Output sizes: the hooks saw every up-sampling module's output.
    const ups = rec.calls.filter((c) => ['ConvTranspose2d', 'Upsample', 'PixelShuffle'].includes(c.type));
    expect(layers.length).toBe(ups.length);
    layers.forEach((l, i) => expect(l.outputShape, l.name).toEqual(ups[i].output.shape));
  });

  it.each(MODELS)('%s: each layer computed by the core on the weights read equals PyTorch\'s output', (name) => {
    const { layers } = report(name);
    const rec = record(name);
    const ups = rec.calls.map((c, i) => ({ ...c, i })).filter((c) => ['ConvTranspose2d', 'Upsample', 'PixelShuffle'].includes(c.type));
    layers.forEach((l, k) => {
      const call = ups[k];
      const y = runLayer(l, tensorOf(call.input));
      expect(y.shape).toEqual(call.output.shape);
      expect(maxDiff(y.data, call.output.data), l.name).toBeLessThan(1e-4);
      if (l.kind === 'resize' && l.conv) {
        // Resize + the next Conv (a resize-convolution) from the Upsample's input.
        const conv = rec.calls[call.i + 1];
        expect(maxDiff(runWithConv(l, tensorOf(call.input)).data, conv.output.data), `${l.name} + conv`).toBeLessThan(1e-4);
      }
      if (l.kind === 'depthToSpace') {
        // The sub-pixel convolution from the Conv's input.
        const conv = rec.calls[call.i - 1];
        expect(maxDiff(runWithConv(l, tensorOf(conv.input)).data, call.output.data), `${l.name} sub-pixel`).toBeLessThan(1e-4);
      }
    });
  });

  it.each(MODELS)('%s: reported phase sums equal the interior of the core\'s output on a constant input', (name) => {
    const { report: r, layers } = report(name);
    r.layers.forEach((l, k) => {
      const layer = layers[k];
      if (!l.phases || layer.kind !== 'convTranspose') return;
      // Weights from protobufjs, not from the inspector's reader.
      const w = peerWeight(name, peerModel(name).graph.node[layer.index].input[1]);
      const [cin] = w.shape;
      const side = 8;
      const x = { shape: [1, cin, side, side], data: new Float64Array(cin * side * side).fill(1) };
      const y = convTranspose(x, w, { strides: l.canonical!.strides, dilations: l.canonical!.dilations, groups: l.canonical!.groups });
      const [, cout, rows, cols] = y.shape;
      const [sh, sw] = l.canonical!.strides;
      for (let m = 0; m < cout; m++) {
        // No pads: output i has phase i mod s; take one interior output per phase.
        const base = Math.ceil(l.kernel![0] / sh) * sh;
        for (let a = 0; a < sh; a++) {
          for (let b = 0; b < sw; b++) {
            const i = base + a;
            const j = base + b;
            expect(i < rows && j < cols).toBe(true);
            const interior = y.data[(m * rows + i) * cols + j];
            expect(l.phases.channels[m].sums[a * sw + b]).toBeCloseTo(interior, 4);
          }
        }
      }
    });
  });

  it('findings: FCN bilinear and checkerboard-free, DCGAN strided layers learned with uneven sums, U-Net k=3 s=2 uneven overlap, ESPCN sub-pixel, Upsample+conv free', () => {
    const fcn = report('fcn').report;
    expect(fcn.layers.map((l) => l.weights)).toEqual(['bilinear', 'bilinear']);
    expect(fcn.layers.map((l) => l.verdict)).toEqual(['free', 'free']);
    // FCN's kernel of size 2f: every phase sums to 1 (hand calculation for f=2: 0.25+0.75+0.75+0.25 = 2 per axis over 2 taps... per phase 0.25+0.75 = 1).
    for (const l of fcn.layers) for (const c of l.phases!.channels) for (const s of c.sums) expect(s).toBeCloseTo(1, 5);
    const dcgan = report('dcgan').report;
    expect(dcgan.layers.map((l) => l.verdict)).toEqual(['free', 'checkerboard', 'checkerboard']);
    expect(dcgan.layers.every((l) => l.weights === 'learned')).toBe(true);
    expect(dcgan.layers[1].overlap).toEqual({ pattern: [4, 4, 4, 4], uniform: true });
    const unet = report('unet').report;
    expect(unet.layers[1].overlap).toEqual({ pattern: [4, 2, 2, 1], uniform: false });
    const espcn = report('espcn').report;
    expect(espcn.layers[0].kind).toBe('depthToSpace');
    expect(espcn.layers[0].kernel).toEqual([9, 9]);
    expect(espcn.layers[0].verdict).toBe('checkerboard');
    const upconv = report('upconv').report;
    expect(upconv.layers.map((l) => l.verdict)).toEqual(['free', 'free']);
    expect(upconv.layers.every((l) => (l.constantScore ?? 1) < 1e-9)).toBe(true);
    expect(dcgan.summary[0]).toMatch(/3 up-sampling layers: 2 can produce checkerboard artifacts/);
  });

  it('each layer\'s output equals onnxruntime-web\'s for the same node', async () => {
    const ort = require('onnxruntime-web') as typeof import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = join(dirname(require.resolve('onnxruntime-web')), '/');
    const t0 = performance.now();
    for (const name of MODELS) {
      const model = parseOnnx(bytes(`${name}.onnx`));
      const { layers } = report(name);
      const session = await ort.InferenceSession.create(bytes(`${name}.probe.onnx`));
      const rec = record(name);
      const feeds = Object.fromEntries(session.inputNames.map((n, i) => [n, new ort.Tensor('float32', Float32Array.from(rec.inputs[i].data), rec.inputs[i].shape)]));
      const out = await session.run(feeds);
      for (const l of layers) {
        const node = model.nodes[l.index];
        const feed = (n: string) => out[n] ?? feeds[n];
        const x = feed(node.inputs[0]);
        const y = runLayer(l, { shape: [...x.dims], data: Float64Array.from(x.data as Float32Array) });
        expect(maxDiff(y.data, out[node.outputs[0]].data as Float32Array), `${name} ${l.name}`).toBeLessThan(1e-4);
      }
    }
    timings.push(`onnxruntime-web checks ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
});

/** A TF.js layers model saved as model.json + weights.bin into `folder`. */
async function saveTfjs(tf: typeof import('@tensorflow/tfjs-layers'), model: import('@tensorflow/tfjs-layers').LayersModel, folder: string) {
  const core = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
  await model.save(core.io.withSaveHandler(async (artifacts) => {
    const json = { format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
    writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
    writeFileSync(join(folder, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  void tf;
}

describe('TF.js layers models (tfjs-layers 4.22)', () => {
  const core = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  const tf = require('@tensorflow/tfjs-layers') as typeof import('@tensorflow/tfjs-layers');
  const folder = mkdtempSync(join(tmpdir(), 'deconv-tfjs-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const nhwcToNchw = (t: import('@tensorflow/tfjs-core').Tensor): Tensor => ({ shape: [t.shape[0], t.shape[3], t.shape[1], t.shape[2]] as number[], data: Float64Array.from(core.transpose(t, [0, 3, 1, 2]).dataSync()) });

  it('Conv2DTranspose same and valid, UpSampling2D + Conv2D: geometry, sizes and outputs against TF.js predict', async () => {
    await core.setBackend('cpu');
    const model = tf.sequential({ layers: [
      tf.layers.conv2dTranspose({ inputShape: [5, 6, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'up_same' }),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: [4, 3], strides: 2, padding: 'valid', name: 'up_valid' }),
      tf.layers.upSampling2d({ size: [2, 2], name: 'up_nearest' }),
      tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'after' }),
    ] });
    await saveTfjs(tf, model, folder);
    const r = inspectFiles([{ name: 'model.json', bytes: new Uint8Array(readFileSync(join(folder, 'model.json'))) }, { name: 'weights.bin', bytes: new Uint8Array(readFileSync(join(folder, 'weights.bin'))) }]);
    expect(r.layers.map((l) => l.type)).toEqual(['Conv2DTranspose', 'Conv2DTranspose', 'UpSampling2D']);
    const summary = tfjsSummary(parseTfjs(JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')), new Map([['weights.bin', new Uint8Array(readFileSync(join(folder, 'weights.bin')))]])), 'model.json');
    let x: import('@tensorflow/tfjs-core').Tensor = core.randomNormal([1, 5, 6, 3], 0, 1, 'float32', 7);
    summary.layers.forEach((l, i) => {
      const layer = model.layers[i];
      const y = layer.apply(x) as import('@tensorflow/tfjs-core').Tensor;
      // TF.js's own output size (computeOutputShape) and values.
      expect(l.outputShape!.slice(1)).toEqual([y.shape[3], y.shape[1], y.shape[2]]);
      const mine = runLayer(l, nhwcToNchw(x));
      expect(maxDiff(mine.data, nhwcToNchw(y).data), l.name).toBeLessThan(1e-4);
      if (l.kind === 'resize') {
        const after = model.layers[i + 1].apply(y) as import('@tensorflow/tfjs-core').Tensor;
        expect(maxDiff(runWithConv(l, nhwcToNchw(x)).data, nhwcToNchw(after).data), 'resize-convolution').toBeLessThan(1e-4);
      }
      x = y;
    });
    // Keras 'same' with k=3, s=2: TF's pads 0 before, 1 after (out = in*s); 'valid': none.
    expect(r.layers[0].canonical!.pads).toEqual([0, 0, 1, 1]);
    expect(r.layers[1].canonical!.pads).toEqual([0, 0, 0, 0]);
    expect(r.layers[0].inputShape).toEqual([null, 3, 5, 6]);
    expect(r.layers[0].outputShape).toEqual([null, 4, 10, 12]);
  });

  it('output_padding (a Keras-converted config; tfjs-layers has no such argument): output against tfjs-core conv2dTranspose', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2dTranspose({ inputShape: [4, 4, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'valid', name: 'up_op' })] });
    await saveTfjs(tf, model, folder);
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    json.modelTopology.config.layers[0].config.output_padding = [1, 1];
    const weights = new Uint8Array(readFileSync(join(folder, 'weights.bin')));
    const summary = tfjsSummary(parseTfjs(json, new Map([['weights.bin', weights]])), 'model.json');
    const l = summary.layers[0];
    // Keras: (in-1)s + k + output_padding = 3*2 + 3 + 1 = 10 (hand calculation).
    expect(l.outputShape).toEqual([null, 3, 10, 10]);
    const x = core.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 3) as import('@tensorflow/tfjs-core').Tensor4D;
    const kernel = model.layers[0].getWeights()[0] as import('@tensorflow/tfjs-core').Tensor4D;
    const bias = model.layers[0].getWeights()[1];
    const peer = core.add(core.conv2dTranspose(x, kernel, [1, 10, 10, 3], 2, 'valid'), bias) as import('@tensorflow/tfjs-core').Tensor;
    expect(maxDiff(runLayer(l, nhwcToNchw(x)).data, nhwcToNchw(peer).data)).toBeLessThan(1e-4);
  });

  it('a model.json without its weight file: geometry only, and the page/CLI say which file is missing', () => {
    const r = inspectFiles([{ name: 'model.json', bytes: new Uint8Array(readFileSync(join(folder, 'model.json'))) }]);
    expect(r.model.notes.join(' ')).toMatch(/weights\.bin named by model\.json were not given/);
    expect(r.layers[0].verdict).toBe('unknown');
  });
});

describe('broken inputs give a clear message', () => {
  const kind = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return [(e as ModelError).kind, (e as Error).message] as const;
    }
    throw new Error('did not throw');
  };
  it('random bytes, JSON, zip, empty', () => {
    const next = randomSource(1);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(next() * 256));
    expect(kind(() => inspectFiles([{ name: 'noise.onnx', bytes: noise }]))[0]).toBe('format');
    // Even noise that starts like a ModelProto is refused as a format or truncation problem, never a crash.
    noise[0] = 0x08;
    expect(['format', 'truncated']).toContain(kind(() => inspectFiles([{ name: 'noise.onnx', bytes: noise }]))[0]);
    expect(kind(() => inspectFiles([{ name: 'x.onnx', bytes: new TextEncoder().encode('{"a":1}') }]))[1]).toMatch(/is JSON/);
    expect(kind(() => inspectFiles([{ name: 'x.onnx', bytes: Uint8Array.of(0x50, 0x4b, 3, 4) }]))[1]).toMatch(/zip archive/);
    expect(kind(() => inspectFiles([{ name: 'x.onnx', bytes: new Uint8Array(0) }]))[1]).toMatch(/empty/);
  });

  withPython('ONNX files', () => {
    it('truncated at several points', () => {
      const full = bytes('dcgan.onnx');
      for (const cut of [10, 100, 1000, full.length - 10]) {
        expect(['truncated', 'format'], `cut at ${cut}`).toContain(kind(() => inspectFiles([{ name: 'cut.onnx', bytes: full.subarray(0, cut) }]))[0]);
      }
    });
    it('external data, unsupported opset, no weights', () => {
      expect(kind(() => inspectFiles([{ name: 'external.onnx', bytes: bytes('external.onnx') }]))).toEqual(['external', expect.stringMatching(/external files .*save_as_external_data=False/)]);
      expect(kind(() => inspectFiles([{ name: 'opset3.onnx', bytes: bytes('opset3.onnx') }]))).toEqual(['opset', expect.stringMatching(/opset 3/)]);
      const r = inspectFiles([{ name: 'noweights.onnx', bytes: bytes('noweights.onnx') }]);
      expect(r.summary.join(' ')).toMatch(/holds no weights/);
      expect(r.layers.map((l) => l.verdict)).toEqual(['unknown', 'unknown', 'unknown']);
      expect(r.layers[1].canonical!.strides).toEqual([2, 2]);
    });
  });

  it('a 300 MB file is refused before it is read (CLI), with exit status 1', () => {
    const big = join(dir, 'big.onnx');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 300 * 2 ** 20); // sparse: no 300 MB written or allocated
    closeSync(fd);
    const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'inspect/cli.ts'), 'inspect', big], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/big\.onnx is 300 MB; the inspector reads models up to 200 MB/);
  });
});

withPython('the command line', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'inspect/cli.ts'), ...args], { encoding: 'utf8' });
  it('prints a table, or JSON with --json', () => {
    const t0 = performance.now();
    const table = cli('inspect', join(dir, 'dcgan.onnx'));
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/#\s+layer\s+type\s+position/);
    expect(table.stdout).toMatch(/\/net\/net\.3\/ConvTranspose .* checkerboard/);
    const json = cli('inspect', join(dir, 'fcn.onnx'), '--json');
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as Report;
    expect(parsed.layers.map((l) => l.weights)).toEqual(['bilinear', 'bilinear']);
    timings.push(`CLI (2 runs) ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
  it('exit status 1 and a message on a file it cannot read', () => {
    for (const [file, pattern] of [['missing.onnx', /no such file/], ['external.onnx', /external files/], ['opset3.onnx', /opset 3/]] as const) {
      const r = cli('inspect', join(dir, file));
      expect(r.status, file).toBe(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect(cli().status).toBe(2);
  });
});

describe('the inspector runs in a browser worker', () => {
  it('no Node API outside inspect/cli.ts (the page imports the rest)', () => {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const files = readdirSync(join(root, 'inspect')).filter((f: string) => f.endsWith('.ts') && f !== 'cli.ts');
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(root, 'inspect', f), 'utf8');
      expect(text, f).not.toMatch(/from ['"]node:|require\(|\bprocess\.|\bBuffer\b/);
    }
  });
});
