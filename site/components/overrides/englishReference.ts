/** True on a Thai page that shows the English API reference (Starlight's fallback for /th/api/...). */
export function isEnglishReference(route: { locale: string | undefined; isFallback?: boolean; id: string }): boolean {
  return route.locale === 'th' && Boolean(route.isFallback) && /^(th\/)?api(\/|$)/.test(route.id);
}
