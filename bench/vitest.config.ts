// The benchmark harness's own tests (generator, flags, table): `npx vitest run -c bench/vitest.config.ts`.
// Kept apart from the app's suite, which does not look under bench/.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    allowOnly: false
  }
})
