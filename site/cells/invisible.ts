/**
 * Characters that change how code reads without showing themselves: control characters,
 * zero-width characters (U+200B-U+200D, U+2060-U+2064, U+FEFF), the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), fillers that render as blanks
 * (U+115F, U+1160, U+3164, U+FFA0), variation selectors and tag characters. Trojan Source
 * (Boucher and Anderson, 2021, https://trojansource.codes/) hides code behind the bidirectional
 * ones. The editor draws each as a marked placeholder (CodeMirror's highlightSpecialChars with
 * this set added), and a link's code that holds any says so in words (page.ts).
 * Tab, line feed and carriage return are whitespace a reader sees; they are not in the set.
 */
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;

const all = () => new RegExp(INVISIBLE.source, 'gu');

/** Code points of the invisible characters in `code`, in order. */
export function invisibleIn(code: string): number[] {
  return [...code.matchAll(all())].map((m) => m[0].codePointAt(0)!);
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** "U+202E ×2, U+200D": each distinct character once, with its count. */
export function describeInvisible(points: number[]): string {
  const counts = new Map<number, number>();
  for (const p of points) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${hex(p)}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

/** `code` with each invisible character written out as ⟦U+XXXX⟧ (for plain text before the editor loads). */
export function showInvisible(code: string): string {
  return code.replace(all(), (c) => `⟦${hex(c.codePointAt(0)!)}⟧`);
}
