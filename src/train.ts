/**
 * Learned up-sampling: fit one transposed-convolution kernel w [1, 1, k, k] (and optionally a
 * bias) so that convTranspose(x, w, {strides: f, pads}) recovers images t [N, 1, H, W] from
 * their f-times down-sampled versions x = averagePool(t, f) (or decimation), with the core's
 * own gradients. Step-wise and deterministic, so a page can run a few steps per animation
 * frame and stop at any time.
 *
 *   loss  L(w, b) = mean over all pixels of (y - t)^2,     y = convTranspose(x, w, opts) + b
 *   dL/dy = 2 (y - t) / n
 *   dL/dw = convTransposeGradWeight(x, dL/dy, opts)         (a correlation of x with dL/dy)
 *   dL/db = convGradBias(dL/dy)                             (the sum of dL/dy)
 *
 * Optimizers: SGD with (heavy-ball) momentum, v <- μ v + g, w <- w - η v (Polyak 1964;
 * PyTorch's SGD), or Adam (Kingma & Ba 2015, Algorithm 1, with bias correction).
 * Pads: total k - f, split as begin = floor((k - f)/2), end = the rest, so that the output is
 * f times the input; for k = 2f - f%2 this is FCN's symmetric ceil((f-1)/2).
 */
import { bilinearKernel } from './bilinear';
import { convTranspose } from './convTranspose';
import { checkInteger, checkKnownKeys, checkOptions, fail, show } from './errors';
import { convGradBias, convTransposeGradWeight } from './gradient';
import { smoothImage, zonePlate } from './images';
import { randomSource } from './random';
import { averagePool, downsample } from './sampling';
import { checkTensor, type Tensor } from './tensor';

/** The update rule: 'sgd' (heavy-ball momentum, Polyak 1964; PyTorch's SGD) or 'adam' (Kingma & Ba 2015). */
export type Optimizer = 'sgd' | 'adam';

/** Options of `createTrainer`: the images, the factor and kernel, the initialisation and the optimizer. */
export interface TrainerOptions {
  /**
   * Target images [N, 1, H, W] (H, W divisible by factor), or a list of them of one size.
   * Default, with n = 16 * factor: smoothImage(n, {seed}), smoothImage(n, {seed: seed + 1})
   * and zonePlate(n, {maxFrequency: 0.25 / factor}) (below the low-resolution Nyquist frequency
   * even in the corners, so the down-sampling destroys no detail entirely).
   */
  images?: Tensor | readonly Tensor[];
  /** Up-sampling factor f (default 2). */
  factor?: number;
  /** Kernel size k >= f (default 2f - f%2). */
  kernelSize?: number;
  /** 'random' (U(-1/k, 1/k), PyTorch's default for a 1-channel ConvTranspose2d), 'bilinear' (FCN's kernel), or a kernel [k, k] / [1, 1, k, k]. Default 'random'. */
  init?: 'random' | 'bilinear' | Tensor;
  /** How the inputs are made from the targets: 'average' (f x f average pooling, default) or 'decimate' (keep every f-th pixel). */
  degrade?: 'average' | 'decimate';
  optimizer?: Optimizer;
  /** Step size η (default 0.02 for Adam, 0.5 for SGD). */
  learningRate?: number;
  /** SGD momentum μ in [0, 1) (default 0.9). */
  momentum?: number;
  /** Adam's β1, β2 in [0, 1) (defaults 0.9, 0.999) and ε (default 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Learn a bias too (default false). */
  bias?: boolean;
  /** Seed of the random initialisation (and of the default image). Default 0. */
  seed?: number;
}

/** What one `Trainer.step()` returns. */
export interface TrainStep {
  /** Number of updates done so far (1 after the first call of step()). */
  step: number;
  /** The loss of the parameters this step started from (before the update). */
  loss: number;
  /** The kernel after the update, [1, 1, k, k]. */
  kernel: Tensor;
  /** The bias after the update (0 unless options.bias). */
  bias: number;
}

/** A step-wise trainer of one up-sampling kernel, made by `createTrainer`. */
export interface Trainer {
  /** One gradient step on the whole set; returns the loss before the update and the new kernel. */
  step(): TrainStep;
  /** The loss and its gradient at the current parameters (no update). */
  gradient(): { loss: number; kernel: Tensor; bias: number };
  /** The current loss (no update). */
  loss(): number;
  /** The current kernel [1, 1, k, k] (a copy). */
  kernel(): Tensor;
  /** The current bias. */
  bias(): number;
  /** The current reconstruction [N, 1, H, W]. */
  predict(): Tensor;
  /** Updates done so far. */
  readonly steps: number;
  /** The down-sampled inputs [N, 1, H/f, W/f] and the targets [N, 1, H, W]. */
  readonly inputs: Tensor;
  readonly targets: Tensor;
  /** The transposed convolution's options (strides, pads). */
  readonly convOptions: { strides: number; pads: number[] };
}

const KNOWN = ['images', 'factor', 'kernelSize', 'init', 'degrade', 'optimizer', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon', 'bias', 'seed'];

function checkNumber(fn: string, name: string, value: unknown, min: number, max: number, maxOpen: boolean, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') fail(fn, `${name}=${show(value)} must be a number`, TypeError);
  const ok = value >= min && (maxOpen ? value < max : value <= max) && Number.isFinite(value);
  if (!ok) fail(fn, `${name}=${show(value)} must be in [${min}, ${max}${maxOpen ? ')' : ']'}`);
  return value;
}

function checkPositive(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') fail(fn, `${name}=${show(value)} must be a number`, TypeError);
  if (!(value > 0) || !Number.isFinite(value)) fail(fn, `${name}=${show(value)} must be a finite number > 0`);
  return value;
}

function stackImages(fn: string, images: unknown, factor: number): Tensor {
  const list = Array.isArray(images) ? images : [images];
  if (list.length === 0) fail(fn, 'images=[] must hold at least one image');
  list.forEach((t, i) => {
    checkTensor(fn, Array.isArray(images) ? `images[${i}]` : 'images', t);
    const name = Array.isArray(images) ? `images[${i}]` : 'images';
    const shape = (t as Tensor).shape;
    if (shape.length !== 4 || shape[1] !== 1) fail(fn, `${name}.shape=${show(shape)} must be [N, 1, H, W]`);
    if (shape[2] % factor !== 0 || shape[3] % factor !== 0) {
      fail(fn, `${name}.shape=${show(shape)} must have H and W divisible by factor=${factor}`);
    }
    const first = (list[0] as Tensor).shape;
    if (shape[2] !== first[2] || shape[3] !== first[3]) fail(fn, `${name}.shape=${show(shape)} must have the size of the first image ${show(first.slice(2))}`);
  });
  const tensors = list as Tensor[];
  const [, , h, w] = tensors[0].shape;
  const n = tensors.reduce((sum, t) => sum + t.shape[0], 0);
  const data = new Float64Array(n * h * w);
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data, offset);
    offset += t.data.length;
  }
  return { shape: [n, 1, h, w], data };
}

function initialKernel(fn: string, init: unknown, k: number, seed: number): Float64Array {
  if (init === undefined || init === 'random') {
    // PyTorch's default for ConvTranspose2d(1, 1, k): kaiming_uniform_(a=sqrt(5)) = U(-1/k, 1/k).
    const next = randomSource(seed);
    return Float64Array.from({ length: k * k }, () => (2 * next() - 1) / k);
  }
  if (init === 'bilinear') return Float64Array.from(bilinearKernel(k).data);
  if (typeof init === 'string') fail(fn, `init=${show(init)} must be "random", "bilinear" or a kernel tensor`);
  const t = checkTensor(fn, 'init', init);
  const shape = t.shape.length === 2 ? t.shape : t.shape.length === 4 && t.shape[0] === 1 && t.shape[1] === 1 ? t.shape.slice(2) : null;
  if (shape === null || shape[0] !== k || shape[1] !== k) fail(fn, `init.shape=${show(t.shape)} must be [${k}, ${k}] or [1, 1, ${k}, ${k}] (kernelSize=${k})`);
  return Float64Array.from(t.data);
}

function defaultImages(factor: number, seed: number): Tensor[] {
  const n = 16 * factor;
  return [smoothImage(n, { seed }), smoothImage(n, { seed: seed + 1 }), zonePlate(n, { maxFrequency: 0.25 / factor })];
}

/**
 * A trainer for a learned up-sampling kernel w [1, 1, k, k] (and optionally a bias b): each step
 * computes y = convTranspose(x, w, {strides: f, pads}) + b, the loss L = mean (y - t)^2, its
 * gradients dL/dw = convTransposeGradWeight(x, 2(y - t)/n) and dL/db = convGradBias(2(y - t)/n),
 * and updates by SGD with momentum (v <- μ v + g, w <- w - η v; Polyak 1964, PyTorch's SGD
 * https://pytorch.org/docs/stable/generated/torch.optim.SGD.html) or Adam (Kingma & Ba 2015,
 * "Adam: A method for stochastic optimization", Algorithm 1). Pads total k - f, split
 * floor((k - f)/2) at the beginning, so that the output is f times the input (for k = 2f - f%2
 * FCN's symmetric ceil((f-1)/2), Long, Shelhamer & Darrell 2015).
 * Deterministic: the same options give the same steps.
 *
 * Throws before computing: TypeError when an option has the wrong type; RangeError when an
 * option is unknown or breaks its rule (factor, kernelSize >= factor and seed integers; images
 * [N, 1, H, W] with H and W divisible by factor; momentum, beta1, beta2 in [0, 1);
 * learningRate, epsilon > 0; init 'random', 'bilinear' or a k x k kernel).
 *
 * @example
 * import { createTrainer, tensor } from 'deconv';
 * // By hand: a 4x4 image of ones pools to 2x2 ones; with k = f = 2 (no pads) each input stamps w
 * // on its own 2x2 block, so y = w tiled. From w = 0: loss = mean (0 - 1)^2 = 1, dL/dy = 2(0 - 1)/16
 * // = -1/8 everywhere, each tap sums 4 of them: dL/dw = -1/2, and SGD with η = 2 gives w = 1, loss 0.
 * const trainer = createTrainer({
 *   images: tensor(new Float64Array(16).fill(1), [1, 1, 4, 4]), factor: 2, kernelSize: 2,
 *   init: tensor([[0, 0], [0, 0]]), optimizer: 'sgd', learningRate: 2, momentum: 0,
 * });
 * const { step, loss, kernel } = trainer.step();
 * console.log(step, loss, Array.from(kernel.data)); // => 1 1 [1,1,1,1]
 * console.log(trainer.loss()); // => 0
 * try {
 *   createTrainer({ factor: 2, kernelSize: 1 });
 * } catch (e) {
 *   console.log((e as Error).message); // => createTrainer: kernelSize=1 must be >= factor=2 (or the output is smaller than factor times the input)
 * }
 */
export function createTrainer(options?: TrainerOptions): Trainer {
  const fn = 'createTrainer';
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, KNOWN);
  const factor = opts.factor === undefined ? 2 : checkInteger(fn, 'factor', opts.factor, 1);
  const k = opts.kernelSize === undefined ? 2 * factor - (factor % 2) : checkInteger(fn, 'kernelSize', opts.kernelSize, 1);
  if (k < factor) fail(fn, `kernelSize=${k} must be >= factor=${factor} (or the output is smaller than factor times the input)`);
  const seed = opts.seed === undefined ? 0 : checkInteger(fn, 'seed', opts.seed, 0);
  const optimizer = opts.optimizer ?? 'adam';
  if (optimizer !== 'sgd' && optimizer !== 'adam') fail(fn, `optimizer=${show(optimizer)} must be "sgd" or "adam"`);
  const degrade = opts.degrade ?? 'average';
  if (degrade !== 'average' && degrade !== 'decimate') fail(fn, `degrade=${show(degrade)} must be "average" or "decimate"`);
  const lr = checkPositive(fn, 'learningRate', opts.learningRate, optimizer === 'adam' ? 0.02 : 0.5);
  const momentum = checkNumber(fn, 'momentum', opts.momentum, 0, 1, true, 0.9);
  const beta1 = checkNumber(fn, 'beta1', opts.beta1, 0, 1, true, 0.9);
  const beta2 = checkNumber(fn, 'beta2', opts.beta2, 0, 1, true, 0.999);
  const epsilon = checkPositive(fn, 'epsilon', opts.epsilon, 1e-8);
  if (opts.bias !== undefined && typeof opts.bias !== 'boolean') fail(fn, `bias=${show(opts.bias)} must be true or false`, TypeError);
  const learnBias = opts.bias ?? false;
  const targets = opts.images === undefined
    ? stackImages(fn, defaultImages(factor, seed), factor)
    : stackImages(fn, opts.images, factor);
  const w = initialKernel(fn, opts.init, k, seed);

  const inputs = degrade === 'average' ? averagePool(targets, factor) : downsample(targets, factor);
  const total = k - factor;
  const begin = Math.floor(total / 2);
  const convOptions = { strides: factor, pads: [begin, begin, total - begin, total - begin] };
  const kernelShape = [k, k];
  let b = 0;
  let steps = 0;
  // Optimizer state: SGD velocity, or Adam's first and second moments (w's k*k entries, then b).
  const m1 = new Float64Array(k * k + 1);
  const m2 = new Float64Array(k * k + 1);

  const forward = (): Tensor => {
    const y = convTranspose(inputs, { shape: [1, 1, k, k], data: w }, convOptions);
    if (b !== 0) for (let e = 0; e < y.data.length; e++) y.data[e] += b;
    return y;
  };
  const lossOf = (y: Tensor): number => {
    let sum = 0;
    for (let e = 0; e < y.data.length; e++) sum += (y.data[e] - targets.data[e]) ** 2;
    return sum / y.data.length;
  };

  const gradient = () => {
    const y = forward();
    const loss = lossOf(y);
    const n = y.data.length;
    const dy: Tensor = { shape: y.shape, data: y.data.map((v, e) => (2 * (v - targets.data[e])) / n) };
    const kernel = convTransposeGradWeight(inputs, dy, { ...convOptions, kernelShape });
    return { loss, kernel, bias: convGradBias(dy).data[0] };
  };

  const step = (): TrainStep => {
    const { loss, kernel, bias } = gradient();
    const gw = kernel.data;
    const gb = learnBias ? bias : 0;
    steps += 1;
    const update = (e: number, g: number): number => {
      if (optimizer === 'sgd') {
        m1[e] = momentum * m1[e] + g;
        return lr * m1[e];
      }
      m1[e] = beta1 * m1[e] + (1 - beta1) * g;
      m2[e] = beta2 * m2[e] + (1 - beta2) * g * g;
      const mHat = m1[e] / (1 - beta1 ** steps);
      const vHat = m2[e] / (1 - beta2 ** steps);
      return (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    };
    for (let e = 0; e < w.length; e++) w[e] -= update(e, gw[e]);
    if (learnBias) b -= update(w.length, gb);
    return { step: steps, loss, kernel: { shape: [1, 1, k, k], data: Float64Array.from(w) }, bias: b };
  };

  return {
    step,
    gradient,
    loss: () => lossOf(forward()),
    kernel: () => ({ shape: [1, 1, k, k], data: Float64Array.from(w) }),
    bias: () => b,
    predict: forward,
    get steps() {
      return steps;
    },
    inputs,
    targets,
    convOptions: { strides: factor, pads: convOptions.pads },
  };
}
