/**
 * How a site snippet's printed values are checked, shared by test/snippets.test.ts (sources, in vitest)
 * and test/package.test.ts (the packed package, in plain Node): a console.log line that ends in
 * `// => text` must print exactly `text`, console.log lines matched to printed lines in order.
 */

/** What console.log prints for these arguments in the tests (strings as is, the rest as JSON). */
export function format(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

/** The `// =>` expectations of a snippet, in order. */
export function expectations(source: string): string[] {
  return source.split('\n').filter((l) => l.includes('// => ')).map((l) => l.slice(l.indexOf('// => ') + 6).trim());
}

/** For each console.log line with an expectation: its index among the printed lines, the line, the text it must print. */
export function expectedLines(source: string): { index: number; line: string; want: string }[] {
  const logLines = source.split('\n').filter((l) => /console\.log\(/.test(l));
  return logLines.flatMap((line, index) => {
    const at = line.indexOf('// => ');
    return at >= 0 ? [{ index, line: line.trim(), want: line.slice(at + 6).trim() }] : [];
  });
}
