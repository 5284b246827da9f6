import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { chunkGroups } from './build/chunk-groups'
import { inlineEntryCss } from './build/inline-entry-css'
import { precompileMessages } from './build/precompile-messages'
import { piniaTreeShaking } from './build/pinia-tree-shaking'
import { precompress } from './build/precompress'
import { vueI18nTreeShaking } from './build/vue-i18n-tree-shaking'

export default defineConfig({
  root: '.',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Class fields and the like as written: Chrome ≥ 94, Safari ≥ 16.4 (any phone updated since 2023); lowering
    // them to es2020 adds helpers to the first paint.
    target: 'es2022',
    // Every browser that runs es2022 supports <link rel="modulepreload">: the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // One entry chunk for the first paint, one chunk per staff area (build/chunk-groups.ts).
    rolldownOptions: { output: { codeSplitting: chunkGroups() } },
  },
  define: {
    // vue-i18n: no legacy API, no devtools hooks in production bundles.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    // Messages are compiled at build time (precompileMessages below): the compiler stays out of the bundle.
    __INTLIFY_DROP_MESSAGE_COMPILER__: true,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  plugins: [
    // Not the field-problem texts: client/api/field-problem.ts reads them as plain strings, outside vue-i18n.
    precompileMessages(/\/client\/locales\/(?!(vi|en)\/field-problem\.ts$).*\.ts$/),
    vueI18nTreeShaking(),
    piniaTreeShaking(),
    precompress(),
    inlineEntryCss(),
    vue(),
    VitePWA({
      // A new version waits until the page lets it take over (client/stores/app-update.ts): never mid-form.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Hài lòng – Sở Ngoại vụ Hà Tĩnh',
        short_name: 'Hài lòng',
        description: 'Đánh giá sự hài lòng về giải quyết thủ tục hành chính',
        lang: 'vi',
        theme_color: '#0b5394',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        navigateFallback: '/index.html',
        // The public results, their open data, the widget and Open311 are the server's own pages, not the app's.
        navigateFallbackDenylist: [/^\/api\//, /^\/cong-khai(\/|$)/, /^\/en\/public-results/, /^\/widget\//, /^\/open311\//],
        runtimeCaching: [
          {
            // The catalog and questionnaires: fresh when the network answers quickly, the last copy otherwise.
            urlPattern: ({ url }) => url.pathname === '/api/catalog',
            handler: 'NetworkFirst',
            options: { cacheName: 'catalog', networkTimeoutSeconds: 4, expiration: { maxEntries: 2 } },
          },
        ],
      },
    }),
  ],
})
