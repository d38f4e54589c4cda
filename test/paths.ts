/** Where the shared test data lives (../shared beside the repo, overridable for other vector sets). */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const SHARED_DIR = process.env['DRIFTWATCH_SHARED_DIR'] ?? resolve(REPO_ROOT, '..', 'shared')
export const SEED_WEATHER = resolve(SHARED_DIR, 'datasets', 'seed-weather')
export const WEATHER_REFERENCE = resolve(SEED_WEATHER, 'reference', 'weather-reference-sample.csv')
export const weatherWeek = (n: 1 | 2 | 3): string => resolve(SEED_WEATHER, 'drops', `week${n}.csv`)
/** The demo's copy of the weather files, shipped with the app (resources/demo). */
export const DEMO = resolve(REPO_ROOT, 'resources', 'demo')
export const DEMO_REFERENCE = resolve(DEMO, 'reference', 'weather-reference-sample.csv')
export const demoWeek = (n: 1 | 2 | 3): string => resolve(DEMO, 'drops', `week${n}.csv`)
