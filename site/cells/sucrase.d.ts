// Sucrase ships types for its parser but no exports map: point its ESM files at those types.
// (The transform uses the parser that `transform` itself bundles, so it costs no extra bytes.)
declare module 'sucrase/dist/esm/index.js' {
  export * from 'sucrase/dist/types/index';
}
declare module 'sucrase/dist/esm/parser/index.js' {
  export * from 'sucrase/dist/types/parser/index';
}
declare module 'sucrase/dist/esm/parser/tokenizer/index.js' {
  export * from 'sucrase/dist/types/parser/tokenizer/index';
}
declare module 'sucrase/dist/esm/parser/tokenizer/types.js' {
  export * from 'sucrase/dist/types/parser/tokenizer/types';
}
