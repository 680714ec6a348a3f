import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The staff console: built by `npm run build` into dist/console, which the api serves at
 * /console (CONSOLE_DIR). `npx vite --config apps/console/vite.config.mts` serves it for
 * development, sending api calls on to API_URL (default http://127.0.0.1:3000).
 */
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const here = import.meta.dirname;
const repo = resolve(here, '../..');

export default defineConfig({
  root: here,
  base: '/console/',
  resolve: { alias: { '@goodpay/api-client': resolve(repo, 'libs/api-client/src/index.ts') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: process.env.CONSOLE_OUT_DIR ?? resolve(repo, 'dist/console'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '^/(?!console/).*': { target: api, changeOrigin: false } } },
});
