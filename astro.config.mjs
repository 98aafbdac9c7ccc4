// @ts-check
// The site: Astro + Starlight, pages in site/content/docs/*.mdx, formulas rendered by KaTeX at
// build time, live figures in site/figures/ computed by the core in src/.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import apiReference from './scripts/api-reference/integration.mjs';

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
    rehypePlugins: [rehypeKatex, rehypeKatexPagefindIgnore],
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
      components: { Search: './site/components/Search.astro' },
    }),
  ],
  vite: {
    resolve: { alias: { deconv: new URL('./src/index.ts', import.meta.url).pathname } },
    // The cell worker (site/cells/worker.ts) is an ES module so Plot and linkedom can load in it lazily.
    worker: { format: 'es' },
  },
});
