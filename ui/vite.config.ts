/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// vue-i18n flags: messages are compiled just in time to an AST and interpreted, so the bundle
// holds no `new Function`/`eval` and runs under a CSP without 'unsafe-eval'.
const i18nFlags = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_JIT_COMPILATION__: 'true',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
}

export default defineConfig({
  base: './',
  plugins: [vue()],
  define: i18nFlags,
  clearScreen: false,
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 1420, strictPort: true },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 900 },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
