/**
 * The implementations under test, each a function from a case to a timed call that returns
 * the output as channels-first float32. Every call is a whole call as a user makes it: data
 * layout changes (NCHW <-> NHWC for TF.js), tensor creation and read-back are included.
 *
 *   deconv          this core, as `convTranspose`/`conv` run it in Node 20 without flags:
 *                   the WebAssembly SIMD engine (f32x4 mul + add)
 *   deconv-relaxed  the same with relaxed-SIMD fused multiply-add (the process runs with
 *                   --experimental-wasm-relaxed-simd, as Chromium runs by default)
 *   deconv-ts       this core on the pure-TypeScript engine (setEngine('typescript'))
 *   tf-cpu          @tensorflow/tfjs-core + tfjs-backend-cpu
 *   tf-wasm         @tensorflow/tfjs-backend-wasm (SIMD, 1 thread)
 *   ort             onnxruntime-web (WebAssembly SIMD, numThreads = 1), a one-node model, W as initializer
 *   ort-node        onnxruntime-node (native C++ MLAS kernels, 1 thread): the machine's native
 *                   reference, same model (bench/native.ts)
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { conv, convTranspose, setEngine, tensor, type EngineName, type Tensor } from '../src/index';
import { ensureNative, loadNative } from './native';
import { coreOptions, inputs, outputShape, outputSize, weightShape, type BenchCase } from './cases';
import { onnxModel } from './onnx';

const require = createRequire(import.meta.url);

export const PEERS = ['deconv', 'deconv-relaxed', 'deconv-ts', 'tf-cpu', 'tf-wasm', 'ort', 'ort-node'] as const;

/** Node flags a peer's process needs. */
export const PEER_FLAGS: Partial<Record<PeerName, string[]>> = { 'deconv-relaxed': ['--experimental-wasm-relaxed-simd'] };
export type PeerName = (typeof PEERS)[number];

/** A prepared case: call() runs it once and returns y (channels-first, float32). */
export type Call = () => Promise<Float32Array> | Float32Array;

export interface Peer {
  /** Builds the call for a case (session creation, weight upload: not timed). */
  prepare(c: BenchCase): Promise<Call>;
}

function deconvPeer(engine: EngineName): Peer {
  return {
    async prepare(c) {
      setEngine(engine); // throws, naming what the host has, if the engine is missing
      const { x, w } = inputs(c);
      const options = coreOptions(c);
      return c.op === 'convTranspose'
        ? () => convTranspose(x, w, options).data as Float32Array
        : () => conv(x, w, options).data as Float32Array;
    },
  };
}

type Tf = typeof import('@tensorflow/tfjs-core');

async function loadTf(backend: 'cpu' | 'wasm'): Promise<Tf> {
  const tf = require('@tensorflow/tfjs-core') as Tf;
  require('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // The folder of tfjs-backend-wasm{,-simd,-threaded-simd}.wasm (trailing slash required).
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  return tf;
}

/**
 * TF.js: NHWC only. conv2dTranspose has no groups: depthwise cases use the CPU backend's
 * DepthwiseConv2dNativeBackpropInput kernel where it exists, else one conv2dTranspose per group.
 */
function tfPeer(backend: 'cpu' | 'wasm'): Peer {
  let tf: Tf | undefined;
  return {
    async prepare(c) {
      tf ??= await loadTf(backend);
      const t = tf;
      const { x, w } = inputs(c);
      const [n, cin, s, k, o] = [c.batch, c.inChannels, c.size, c.kernel, outputSize(c)];
      const xData = x.data as Float32Array;
      const wData = w.data as Float32Array;
      const perGroup = c.outChannels / c.groups;
      const depthwiseKernel = backend === 'cpu' && c.groups === cin && perGroup === 1;
      return () => {
        const y = t.tidy(() => {
          const xt = t.transpose(t.tensor4d(xData, [n, cin, s, s]), [0, 2, 3, 1]); // NHWC
          const wt = t.tensor4d(wData, weightShape(c) as [number, number, number, number]);
          let yt;
          if (c.op === 'conv') {
            yt = t.conv2d(xt, t.transpose(wt, [2, 3, 1, 0]) as never, c.stride, c.pad); // filter [k, k, Cin, Cout]
          } else if (c.groups === 1) {
            yt = t.conv2dTranspose(xt, t.transpose(wt, [2, 3, 1, 0]) as never, [n, o, o, c.outChannels], c.stride, c.pad);
          } else if (depthwiseKernel) {
            const filter = t.reshape(t.transpose(t.reshape(wt, [cin, k, k]), [1, 2, 0]), [k, k, cin, 1]);
            yt = t.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: xt, filter },
              { strides: [c.stride, c.stride], dilations: [1, 1], pad: c.pad, inputShape: [n, o, o, cin] }) as ReturnType<Tf['conv2d']>;
          } else {
            const xs = t.split(xt, c.groups, 3);
            const ws = t.split(wt, c.groups, 0);
            yt = t.concat(xs.map((xg, g) =>
              t.conv2dTranspose(xg as never, t.transpose(ws[g], [2, 3, 1, 0]) as never, [n, o, o, perGroup], c.stride, c.pad)), 3);
          }
          return t.transpose(yt, [0, 3, 1, 2]);
        });
        const data = y.dataSync() as Float32Array;
        y.dispose();
        return data;
      };
    },
  };
}

type Ort = typeof import('onnxruntime-web');

/** One-node ONNX sessions: onnxruntime-web's WebAssembly build, or onnxruntime-node's native one. */
function ortPeer(native: boolean): Peer {
  let ort: Ort | undefined;
  return {
    async prepare(c) {
      if (ort === undefined) {
        if (native) {
          ensureNative();
          ort = loadNative();
        } else {
          ort = require('onnxruntime-web') as Ort; // dist/ort.node.min.js under Node
          ort.env.wasm.numThreads = 1;
          ort.env.wasm.wasmPaths = join(dirname(require.resolve('onnxruntime-web')), '/');
        }
      }
      const o = ort;
      const { x, w } = inputs(c);
      const xShape = [c.batch, c.inChannels, c.size, c.size];
      const model = onnxModel({
        opType: c.op === 'conv' ? 'Conv' : 'ConvTranspose', xShape, wShape: weightShape(c),
        strides: [c.stride, c.stride], pads: [c.pad, c.pad, c.pad, c.pad], group: c.groups, w: w.data as Float32Array,
      });
      const session = await o.InferenceSession.create(model, native
        ? { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' }
        : { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      return async () => {
        const result = await session.run({ X: new o.Tensor('float32', x.data as Float32Array, xShape) });
        return result.Y.data as Float32Array;
      };
    },
  };
}

export function peer(name: PeerName): Peer {
  switch (name) {
    case 'deconv': return deconvPeer('wasm-simd');
    case 'deconv-relaxed': return deconvPeer('wasm-relaxed');
    case 'deconv-ts': return deconvPeer('typescript');
    case 'tf-cpu': return tfPeer('cpu');
    case 'tf-wasm': return tfPeer('wasm');
    case 'ort': return ortPeer(false);
    case 'ort-node': return ortPeer(true);
  }
}

/**
 * The reference output of a case: the float32 inputs summed in float64 by this core's scalar
 * path (checked against the gather loop by the tests; the gather itself takes minutes here).
 */
export function reference(c: BenchCase): Tensor {
  const given = inputs(c);
  const x = tensor(given.x.data, given.x.shape, 'float64');
  const w = tensor(given.w.data, given.w.shape, 'float64');
  const options = coreOptions(c);
  // float64 data runs on the TypeScript engine, whatever setEngine says.
  if (c.op === 'conv') return conv(x, w, options);
  const y = convTranspose(x, w, options);
  if (y.shape.join() !== outputShape(c).join()) throw new Error(`${c.id}: reference shape ${y.shape} != ${outputShape(c)}`);
  return y;
}
