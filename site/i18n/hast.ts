/** The few fields of a HAST node (the HTML tree rehype plugins walk) that the Thai plugins read. */
export interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}
