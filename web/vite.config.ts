// The operator console build: served by Sotto under /console/ (src/server/console.ts) with a
// self-only CSP, so nothing may be inlined (no inline scripts, styles or data: modules).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inlined assets would be data: URLs, which the CSP refuses for scripts and styles.
    assetsInlineLimit: 0,
    // The modulepreload polyfill is an inline-free module, but Chromium needs none.
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
