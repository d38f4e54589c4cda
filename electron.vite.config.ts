import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Packages bundled into the main process's code rather than loaded from node_modules at run time. A worker
 * thread's start (about 0.35 s of a core, and every CLI run and project batch starts one) went mostly on
 * finding, reading and parsing modules one by one: @stdlib's special functions are some hundred small
 * CommonJS modules, DuckDB's client (@duckdb/node-api) some fifty, and apache-arrow's ES modules some two
 * hundred (0.1 s to import alone; ml-matrix 0.03 s). Bundled, they are one parse, and a worker is ready in
 * about 0.14 s (0.21 s with Arrow and ml-matrix outside, 0.32 s with none bundled). DuckDB's native
 * bindings stay outside: they load a platform's binary. bench/bundle.ts bundles the same packages.
 */
const BUNDLED_DEPENDENCIES = Object.keys(
  (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { dependencies: object })
    .dependencies
).filter(
  (name) =>
    name.startsWith('@stdlib/') || ['@duckdb/node-api', 'apache-arrow', 'ml-matrix'].includes(name)
)

/**
 * Three builds: the main process (Electron host, CLI, worker and the loopback HTTP host share it),
 * the preload (CommonJS: sandboxed preloads cannot be ES modules) and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: BUNDLED_DEPENDENCIES },
      rollupOptions: {
        external: [/^@duckdb\/node-bindings/],
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
