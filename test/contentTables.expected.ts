/**
 * Hand-worked expectations for the static tables (frameworks page), shared by the data-module test
 * (test/contentTables.test.ts) and the built-HTML test (test/browser/contentTables.test.ts).
 */
import type { FrameworkName } from '../site/components/frameworkTables';

// x = [1, 2, 3], w = [1, 2, 3], stride 2: the stamps 1·w at 0, 2·w at 2, 3·w at 4 add up to
//   [1, 2, 3, 0, 0, 0, 0] + [0, 0, 2, 4, 6, 0, 0] + [0, 0, 0, 0, 3, 6, 9] = [1, 2, 5, 4, 9, 6, 9].
export const CANVAS = [1, 2, 5, 4, 9, 6, 9];

/** The window y[i] = canvas[i + pb], zero beyond the canvas. */
export const windowOf = (pb: number, size: number) => Array.from({ length: size }, (_, i) => CANVAS[i + pb] ?? 0);

export interface Want { pads: [number, number]; a: number; size: number }
// Each row by hand from the framework's documented rule (see the comments).
export const WANT: Record<FrameworkName, Want[]> = {
  torch: [
    { pads: [0, 0], a: 0, size: 7 }, // 2·2 - 0 + 2 + 0 + 1
    { pads: [1, 1], a: 0, size: 5 }, // padding 1 at both ends
    { pads: [1, 1], a: 1, size: 6 }, // output_padding adds one cell at the end
    { pads: [1, 1], a: 1, size: 6 }, // output_size 6 = min size 5 + output_padding 1
  ],
  tensorflow: [
    { pads: [0, 0], a: 0, size: 7 }, // VALID, the canvas
    { pads: [0, 0], a: 1, size: 8 }, // VALID, one zero cell past the canvas
    { pads: [0, 1], a: 0, size: 6 }, // SAME: P = 7 - 6 = 1, the odd cell at the end
    { pads: [1, 1], a: 0, size: 5 }, // SAME: P = 2
    { pads: [1, 1], a: 0, size: 5 }, // explicit [1, 1]
  ],
  keras: [
    { pads: [0, 0], a: 0, size: 7 }, // valid: (3-1)·2 + max(3, 2)
    { pads: [0, 0], a: 1, size: 8 }, // valid, output_padding 1: 4 + 3 + 1
    { pads: [0, 1], a: 0, size: 6 }, // same: 3·2, TF's crop
    { pads: [1, 1], a: 0, size: 5 }, // same, output_padding 0: 4 + (3 mod 2) + 0
    { pads: [0, 1], a: 0, size: 6 }, // same, output_padding 1: 4 + 1 + 1
  ],
  onnx: [
    { pads: [1, 1], a: 0, size: 5 },
    { pads: [0, 1], a: 1, size: 7 }, // 7 - 0 - 1 + 1
    { pads: [0, 1], a: 0, size: 6 }, // SAME_UPPER: the odd cell cropped at the end
    { pads: [1, 0], a: 0, size: 6 }, // SAME_LOWER: at the beginning
    { pads: [1, 0], a: 0, size: 6 }, // output_shape with NOTSET: at the beginning
  ],
  caffe: [
    { pads: [0, 0], a: 0, size: 7 },
    { pads: [1, 1], a: 0, size: 5 },
  ],
};
