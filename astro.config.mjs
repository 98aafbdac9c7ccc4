// @ts-check
// The site: Astro + Starlight, pages in site/content/docs/*.mdx, formulas rendered by KaTeX at
// build time, live figures in site/figures/ computed by the core in src/.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import apiReference from './scripts/api-reference/integration.mjs';
import csp from './site/csp.mjs';
import { rehypeThaiTerms } from './site/i18n/rehype-thai-terms.ts';
import { rehypeThaiSearch } from './site/i18n/rehype-thai-search.ts';

/** Pagefind indexes the visible formula once: skip KaTeX's hidden MathML copy. */
function rehypeKatexPagefindIgnore() {
  /** @param {any} node */
  const walk = (node) => {
    const cls = node.properties?.className;
    if (Array.isArray(cls) && cls.includes('katex-mathml')) node.properties.dataPagefindIgnore = '';
    node.children?.forEach(walk);
  };
  return walk;
}

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  site: 'http://127.0.0.1:4321',
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeKatexPagefindIgnore, rehypeThaiTerms, rehypeThaiSearch],
  },
  integrations: [
    // The API reference pages (site/content/docs/api/), generated from the core's doc comments.
    apiReference(),
    starlight({
      title: 'deconv',
      description: 'What a transposed convolution ("deconvolution layer") does, every view computed live by one verified core.',
      // KaTeX's CSS and fonts are bundled and served by the site (no CDN).
      customCss: ['katex/dist/katex.min.css', './site/styles/custom.css', './site/styles/thai.css'],
      // English at the root, Thai under /th/ (site/content/docs/th/). Starlight ships Thai UI strings;
      // site/i18n/starlight-th.json adds the ones it lacks (see site/i18n/TRANSLATING.md).
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        th: { label: 'ไทย', lang: 'th' },
      },
      favicon: '/favicon.svg',
      lastUpdated: false,
      pagination: true,
      components: {
        Search: './site/components/Search.astro',
        // The generated API reference stays English on the Thai site, with a Thai note (issue 15).
        FallbackContentNotice: './site/components/overrides/FallbackContentNotice.astro',
        MarkdownContent: './site/components/overrides/MarkdownContent.astro',
        PageTitle: './site/components/overrides/PageTitle.astro',
      },
      // Thai pages: the API reference's sidebar group gets a Thai label, its English links lang="en".
      routeMiddleware: './site/routeData.ts',
    }),
    // After the build: a Content-Security-Policy <meta> in every page, inline scripts by hash, and _headers.
    csp(),
  ],
  vite: {
    resolve: { alias: { deconv: new URL('./src/index.ts', import.meta.url).pathname } },
    // The cell worker (site/cells/worker.ts) and its Plot bundle (plot-bundle.ts) are each one
    // self-contained classic script: the worker runs from a blob: URL in the cells' opaque-origin
    // sandbox, where no script can be loaded and Chromium starts no module worker.
    worker: { format: 'iife', rollupOptions: { output: { inlineDynamicImports: true } } },
  },
});
