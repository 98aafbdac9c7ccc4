/** Astro integration: writes the API reference pages (./generate.mjs) before Astro reads the content. */
import { generate } from './generate.mjs';

export default function apiReference() {
  return {
    name: 'deconv-api-reference',
    hooks: {
      'astro:config:setup': ({ logger }) => {
        const { pages, entries } = generate();
        logger.info(`${entries} public names on ${pages} pages in site/content/docs/api/`);
      },
    },
  };
}
