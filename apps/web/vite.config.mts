import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const apiPort = process.env.API_PORT || '3200';

// The API serves `dist/` on the same origin in the product; in development Vite
// proxies /api to the API so the app can use relative URLs everywhere.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  // one preact for form-js: @bpmn-io/form-js-editor nests preact 10.15 while its properties panel
  // hooks into the root preact 10.29 — two copies break every hook ("reading 'context'")
  resolve: { dedupe: ['preact'] },
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: Number(process.env.WEB_PORT || 5173),
    strictPort: true,
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: `http://localhost:${apiPort}`, changeOrigin: true } },
  },
});
