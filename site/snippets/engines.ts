import { availableEngines, convTranspose, randomTensor, setEngine } from 'deconv';

// A float32 decoder layer: 32 -> 16 channels, 4x4 kernel, stride 2, 8x8 -> 16x16
const x = randomTensor([4, 32, 8, 8], { seed: 1, dtype: 'float32' });
const w = randomTensor([32, 16, 4, 4], { seed: 2, dtype: 'float32' });
const layer = () => convTranspose(x, w, { strides: 2, pads: 1 });

setEngine('typescript'); // plain TypeScript, sums in float64
const slow = layer();
setEngine('auto'); // the fastest engine this host has (the default)
const fast = layer();
let worst = 0;
fast.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - slow.data[i]))));
console.log(fast.shape, worst < 1e-4); // => [4,16,16,16] true

// The engines this host has, fastest first: ms per call, best of 5 rounds taken in turns
const best: Record<string, number> = {};
for (let round = 0; round < 5; round++) {
  for (const engine of availableEngines()) {
    setEngine(engine);
    const start = performance.now();
    for (let i = 0; i < 10; i++) layer();
    best[engine] = Math.min(best[engine] ?? Infinity, (performance.now() - start) / 10);
  }
}
setEngine('auto');
for (const engine of availableEngines()) console.log(engine, best[engine].toFixed(2), 'ms');
