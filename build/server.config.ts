import { defineConfig } from 'vite'

/**
 * The server compiled to JavaScript for production (`npm run build` → `dist-server/`, `npm start` runs it):
 * one module per source file, so that a worker's module (`server/ts-worker.ts`) stands beside the module that
 * starts it as in the source, and a stack trace names the file it came from. Packages stay in node_modules.
 */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist-server',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: ['server/index.ts', 'server/cli/create-admin.ts', 'server/cli/backup.ts', 'server/cli/migrate-store.ts', 'server/cli/open311-key.ts', 'server/store/sqlite/writer-worker.ts'],
      output: { format: 'es', preserveModules: true, preserveModulesRoot: '.', entryFileNames: '[name].js' },
    },
  },
})
