/**
 * Starlight route middleware (astro.config.mjs routeMiddleware): on Thai pages, the sidebar
 * group of the generated API reference gets a Thai label, and its links (module names, English
 * by design: issue 15 lets the generated reference stay English) are marked lang="en", so
 * screen readers pronounce them as English and the Thai visible-text test skips them.
 */
import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data';
import { langOf, t } from './i18n';

type Entry = StarlightRouteData['sidebar'][number];

/** The sidebar group Starlight makes of site/content/docs/api/ (labelled by its directory name). */
export const API_GROUP = 'api';

function markEnglish(entries: Entry[]): void {
  for (const entry of entries) {
    if (entry.type === 'link') entry.attrs = { ...entry.attrs, lang: 'en' };
    else markEnglish(entry.entries);
  }
}

export const onRequest = defineRouteMiddleware((context) => {
  // Typed here: Starlight declares locals.starlightRoute for .astro files (its locals.d.ts), which tsc does not read.
  const route = (context.locals as { starlightRoute: StarlightRouteData }).starlightRoute;
  if (langOf(route.locale) !== 'th') return;
  for (const entry of route.sidebar) {
    if (entry.type !== 'group' || entry.label !== API_GROUP) continue;
    entry.label = t('api.group', 'th');
    markEnglish(entry.entries);
  }
});
