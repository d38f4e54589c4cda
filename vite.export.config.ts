import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The export bundle: the app's report components drawing the document embedded in an exported HTML file
 * (src/renderer/document/main.tsx). It builds to one script and one stylesheet with fixed names in
 * out/export/ (report.js, report.css), which src/main/export/html.ts inlines into every exported file. So
 * the script is a classic IIFE with everything inside (ECharts' lazily loaded chart is inlined: an inline
 * script has nowhere to load a chunk from), and nothing refers to a file, a font or an address.
 * `npm run build` runs it after electron-vite.
 */
// The export ships React's production build whatever the shell's NODE_ENV (test, development) says: a
// development one would add its JSX checks to every exported file.
process.env.NODE_ENV = 'production'

export default defineConfig({
  root: resolve('src/renderer'),
  publicDir: false,
  plugins: [react()],
  // The report components run on Preact's React-compatible runtime here: the same components and hooks
  // as the app, for a fifth of the bytes of React DOM in every exported file (the app itself stays on
  // React). The export's end-to-end tests draw every section of a document with it.
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react$/, replacement: 'preact/compat' }
    ]
  },
  // Library builds leave process.env alone; React reads NODE_ENV to drop its development checks.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve('out/export'),
    emptyOutDir: true,
    minify: true,
    cssCodeSplit: false,
    reportCompressedSize: false,
    lib: {
      entry: resolve('src/renderer/document/main.tsx'),
      formats: ['iife'],
      name: 'DriftwatchDocument',
      fileName: () => 'report.js',
      cssFileName: 'report'
    }
  }
})
