/** The frame every chart of series shares: Plot's options for where to draw, its words and its size. */
import type * as Plot from '@observablehq/plot';
import type { ChartOptions } from './types';

/** Plot's document, title, caption and size from the chart's options, with the chart's default size. */
export function frameOf(options: ChartOptions, width: number, height: number): Plot.PlotOptions {
  return {
    // The library's document type is the DOM's minus what the drawings never touch.
    document: options.document as unknown as Plot.PlotOptions['document'],
    title: options.title,
    caption: options.caption,
    width: options.width ?? width,
    height: options.height ?? height,
  };
}
