import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The Electron shell loads the build from file:// and the browser host from its own origin, so every
// URL in the output is relative (`base: './'`). No inline scripts or styles: the page runs under a strict CSP.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // Keep the output free of inline `data:` module preloads and inline assets the CSP would refuse.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
