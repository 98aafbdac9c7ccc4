/**
 * The message lookup for components and figures: t(key, lang, values).
 * At build, a component passes Astro.currentLocale ('th' under /th/, undefined at the root);
 * in the browser, pageLang() reads <html lang>, which Starlight sets per page.
 * An unknown language falls back to English (the root locale), never to a missing string.
 */
import { en, type MessageKey, type Messages } from './en';
import { th } from './th';

export type { MessageKey, Messages };
export const tables = { en, th } as const satisfies Record<string, Messages>;
export type Lang = keyof typeof tables;

/** 'th' for any Thai tag (th, th-TH), else 'en'. Accepts Astro.currentLocale (undefined or 'root' at the root). */
export function langOf(tag: string | undefined | null): Lang {
  return tag && /^th\b/i.test(tag) ? 'th' : 'en';
}

/** The page's language in the browser: <html lang>. */
export function pageLang(doc: Document | undefined = globalThis.document): Lang {
  return langOf(doc?.documentElement?.getAttribute('lang'));
}

/** The string for key in lang, with {name} placeholders filled from values. */
export function t(key: MessageKey, lang: string | undefined = pageLang(), values: Record<string, string | number> = {}): string {
  const text = tables[langOf(lang)][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
