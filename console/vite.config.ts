import { defineConfig } from 'vite';

/**
 * `npm run dev --workspace @spindle/console`: the console from its sources with hot reload, its
 * `/api` calls passed on to a running `npm run api` (`SPINDLE_API_URL`, default port 8080).
 * `vite build` needs nothing here: it writes `dist/` with absolute `/assets/...` paths.
 */
// eslint-disable-next-line no-restricted-syntax -- Vite reads its configuration from the default export.
export default defineConfig({
    server: { proxy: { '/api': process.env.SPINDLE_API_URL ?? 'http://127.0.0.1:8080' } },
});
