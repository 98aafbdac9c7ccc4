export interface PublicExport {
  name: string;
  kind: 'function' | 'class' | 'constant' | 'interface' | 'type' | 'other';
  file: string;
  line: number;
  doc: string;
  signatures: string[];
  declaration: string;
  tags: { name: string; text: string }[];
  examples: string[];
}
export function publicExports(): PublicExport[];
export function needsExample(entry: PublicExport): boolean;
