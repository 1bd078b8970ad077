/**
 * Vite build of the phone app. `base: './'` keeps every asset URL relative, so the same
 * dist/ works at `/` under `facegate serve` and in any folder of a static host (S3 website).
 * @module
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  base: './',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Small app: one JS chunk and one CSS file are faster on a cellular link than many.
    assetsInlineLimit: 2048,
    reportCompressedSize: false,
  },
  server: { host: true },
});
