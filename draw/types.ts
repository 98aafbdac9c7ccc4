/**
 * The little of the DOM the drawings need, typed here so that the library compiles without the
 * DOM library: tslab (the notebooks) loads ES2022 only. A browser Document, linkedom's document
 * and the cell worker's linkedom document all fit these shapes.
 */

/** An element as the drawings build and return it (an <svg>, a <figure>, a <div>). */
export interface DrawnElement {
  readonly tagName: string;
  readonly outerHTML: string;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  appendChild(child: DrawnElement): unknown;
}

/** The document the drawings create elements in (Plot's `document` option). */
export interface DrawDocument {
  createElement(tag: string): DrawnElement;
  createElementNS(namespace: string, tag: string): DrawnElement;
}

/** A tensor of the core, as far as drawing goes (the library does not import the core). */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** Nested arrays of numbers, any depth (a number is depth 0). */
export type Nested = number | readonly Nested[];

/** A matrix to draw: a tensor (its last two axes) or nested arrays. */
export type MatrixLike = TensorLike | Nested;

/** Cells given as [row, column]. */
export type Cells = readonly (readonly [number, number])[];

/** What every chart of series (stems, lines) takes: where to draw, its words and its size. */
export interface ChartOptions {
  document: DrawDocument;
  title?: string;
  caption?: string;
  /** Size in pixels (each chart has its default). */
  width?: number;
  height?: number;
  /** The x axis's name. */
  xLabel?: string;
}

/** Series by name, sample i of each at index i. */
export type Series = Readonly<Record<string, ArrayLike<number>>>;
