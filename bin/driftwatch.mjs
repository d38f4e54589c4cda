#!/usr/bin/env node
// The `driftwatch` command: runs the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write(
    'driftwatch: the app is not built yet. Run "npm run build" in the Driftwatch folder first.\n'
  )
  process.exit(2)
}
const { main } = await import(pathToFileURL(cli).href)
process.exitCode = await main(process.argv.slice(2))
