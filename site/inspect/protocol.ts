/** Messages between the inspector page (site/inspect/page.ts) and its worker (site/inspect/worker.ts). */
import type { Report } from '../../inspect/analyse';
import type { ModelErrorKind } from '../../inspect/model';

export type ToWorker =
  | { type: 'files'; files: File[] }
  | { type: 'sample'; url: string; name: string };

/** What the worker is doing, for the page to say in its language. */
export interface Stage {
  step: 'read' | 'sample' | 'weights' | 'analyse' | 'work';
  /** The file or layer it is working on. */
  name?: string;
}

export type FromWorker =
  | { type: 'progress'; fraction: number; stage: Stage }
  | { type: 'report'; report: Report; ms: number }
  | { type: 'error'; kind: ModelErrorKind | 'internal'; message: string };
