/**
 * Builds the benchmark case and the DuckDB worker into plain JavaScript, so a case runs the code the way
 * the built app does: no TypeScript loader in the process. Through tsx, the loader and its transformed
 * modules add about 30 MB of RSS to the main thread and about 25 MB to every worker thread, which would be
 * counted as Driftwatch's memory.
 *
 * Vite (a dev dependency already) bundles a case runner (`bench/runCase.ts`, `bench/runValidateCase.ts`)
 * and `src/main/workers/worker.ts` the way electron-vite builds the app's main process: ES modules,
 * packages left external but @stdlib's, DuckDB's client, apache-arrow and ml-matrix (bundled there too),
 * shared chunks beside the entries so the pool finds `worker.js` next to itself. The output goes to
 * node_modules/.cache/driftwatch-bench/<runner> (outside lint and git; one folder per runner, so two
 * benchmarks never empty each other's), with a package.json marking it as ESM. About half a second per run.
 *
 * @example await bundleCaseRunner(repoDir, 'runCase') // .../node_modules/.cache/driftwatch-bench/runCase/runCase.js
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'

/** The case runners under bench/, by module name. */
export type CaseRunner = 'runCase' | 'runValidateCase'

/** Bundles a case runner and the worker; returns the path of the runner's entry. */
export async function bundleCaseRunner(repoDir: string, runner: CaseRunner): Promise<string> {
  const outDir = join(repoDir, 'node_modules', '.cache', 'driftwatch-bench', runner)
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoDir,
    // Packages stay external as in the app's build, but for the ones electron.vite.config.ts bundles.
    ssr: {
      noExternal: [/^@stdlib\//, '@duckdb/node-api', 'apache-arrow', 'ml-matrix'],
      external: ['@duckdb/node-bindings']
    },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: [/^@duckdb\/node-bindings/],
        input: {
          [runner]: join(repoDir, 'bench', `${runner}.ts`),
          worker: join(repoDir, 'src', 'main', 'workers', 'worker.ts')
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' }
      }
    }
  })
  // Under node_modules, Node does not look further up for "type": "module".
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n')
  return join(outDir, `${runner}.js`)
}
