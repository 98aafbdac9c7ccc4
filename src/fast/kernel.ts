/**
 * What a fast kernel declares (as tfjs-core's `KernelConfig`): its name, when it applies, the
 * runs it has (forward, transposed, weight gradient), the engines each run can use, and the
 * memory it keeps between calls. `registry.ts` lists the kernels; `dispatch.ts` picks one.
 *
 * Every run works on the fast kernels' 3-axis geometry (`geometry.ts`), where "big" is the
 * convolution's input side (the transposed convolution's output) and "small" its output side:
 *   conv            y (small side) = conv(x (big side), w) + bias
 *   convTranspose   y (big side)   = convTranspose(x (small side), w) + bias
 *   gradWeight      dw = dL/dw of the convolution, from x (big side) and dy (small side)
 * The input gradient of a convolution is its transpose (and the other way round), so those
 * two runs cover all four data gradients.
 */
import type { ConvInfo } from '../shape';
import type { DType } from '../tensor';
import type { EngineName } from './engines';
import type { Geometry3 } from './geometry';

/** The runs a kernel can have: a convolution, a transposed convolution, a convolution's weight gradient. */
export type KernelOp = 'conv' | 'convTranspose' | 'gradWeight';

/** What the dispatcher knows of a problem when it asks a kernel whether it applies. */
export interface KernelProblem {
  op: KernelOp;
  /** The validated record (prepareConv / prepareConvTranspose, always the forward convolution's). */
  info: ConvInfo;
  /** The weights' values (conv, convTranspose); a kernel may depend on them (separable). */
  w: ArrayLike<number> | undefined;
  /** The dtype of the output. */
  dtype: DType;
}

/** The arguments of a forward or transposed run; y is overwritten. */
export interface ForwardArgs {
  geo: Geometry3;
  engine: EngineName;
  /** What `applies` returned. */
  plan: unknown;
  x: ArrayLike<number>;
  w: ArrayLike<number>;
  bias: ArrayLike<number> | undefined;
  y: Float32Array | Float64Array;
}

/** The arguments of a weight-gradient run; dw is overwritten, in the weight's layout. */
export interface GradWeightArgs {
  geo: Geometry3;
  engine: EngineName;
  plan: unknown;
  /** The convolution's input (big side) and output gradient (small side). */
  x: ArrayLike<number>;
  dy: ArrayLike<number>;
  dw: Float32Array | Float64Array;
}

/** One run of a kernel and the engines it can use, fastest first ('wasm-*' engines get float32 data only). */
export interface KernelRun<Args> {
  engines: readonly EngineName[];
  run(args: Args): void;
}

/** Memory a kernel keeps between calls: the bytes it holds now, and how to give them back. */
export interface MemoryPool {
  name: string;
  bytes(): number;
  release(): void;
}

/** A kernel's declaration: name, when it applies, its runs and their engines, the memory it keeps (see the file's comment). */
export interface KernelConfig {
  name: string;
  /** Its plan for this problem (any value, `true` when there is nothing to pass), or null when it does not apply. */
  applies(problem: KernelProblem): unknown;
  /** True when `applies` reads the weights' values (then the dispatcher does not reuse its choices). */
  readsWeights?: boolean;
  conv?: KernelRun<ForwardArgs>;
  convTranspose?: KernelRun<ForwardArgs>;
  gradWeight?: KernelRun<GradWeightArgs>;
  /** The pools it allocates from (shared pools are listed by each kernel that uses them). */
  memory: readonly MemoryPool[];
}
