// The site (issue 4) lives in ./site; this stub keeps the layout in place until it exists.
import { defineConfig } from 'astro/config';

export default defineConfig({ srcDir: './site' });
