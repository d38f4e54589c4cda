import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Three builds: the main process (Electron host, CLI, worker and the loopback HTTP host share it),
 * the preload (CommonJS: sandboxed preloads cannot be ES modules) and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/hosts/electron/index.ts'),
          cli: resolve('src/main/hosts/cli/index.ts'),
          worker: resolve('src/main/workers/worker.ts')
        },
        // Shared chunks sit beside the entries: modules find their siblings (worker.js) and the package
        // root through import.meta.url, which must not move one folder down into chunks/.
        output: { chunkFileNames: '[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    plugins: [react()]
  }
})
