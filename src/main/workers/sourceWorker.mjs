// The worker's entry when running from source (tests, benchmarks): registers tsx inside the worker thread,
// where `--import tsx` in execArgv does not take effect, then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
