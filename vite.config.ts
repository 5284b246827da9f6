import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

export default defineConfig({
  root: '.',
  publicDir: 'public',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
  define: {
    // vue-i18n: no legacy API, no devtools hooks in production bundles.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  plugins: [
    vue(),
    VitePWA({
      registerType: 'autoUpdate',
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
        navigateFallbackDenylist: [/^\/api\//],
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
