/**
 * Plot (drawing into linkedom), the drawing library (draw/) and linkedom as one classic script
 * for the cell worker on the built site: the worker runs in the cells' sandbox, where no script
 * can be loaded, so it asks the page for this file's text (once, on the first cell that imports
 * any of them) and evaluates it;
 * the script leaves the three modules on the worker's global. Built by Vite as a worker bundle
 * (`?worker&url`, self-contained); see worker.ts.
 */
import * as linkedom from 'linkedom';
import { Draw, Plot } from './plot-runtime';

(self as unknown as { __deconvPlot: unknown }).__deconvPlot = { Plot, linkedom, Draw };
