/**
 * Demo project: the bundled seed-weather demo (resources/demo) as a project the person can change. The
 * bundled files are read-only (inside the app's package), so the demo project is a folder in the app's own
 * data folder holding a copy of the reference and of resources/demo/driftwatch.yaml, and an empty drop
 * folder (data-drift/) that "Simulate next week" fills from the bundle's weeks; its suite file
 * (`driftwatch/expectations.yaml`) is written there when the person saves the expectations.
 *
 * Cost: one copy of the 431-row reference, the first time only.
 */
import { constants } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export type DemoProject = Readonly<{
  folder: string
  reference: string
  /** The suite file of the demo project; it exists only once the person saved the expectations. */
  suitePath: string
  /** The bundled weekly drops, in order. */
  drops: readonly string[]
}>

export const DEMO_REFERENCE = 'weather-reference-sample.csv'
export const DEMO_DROPS = ['week1.csv', 'week2.csv', 'week3.csv'] as const
export const SUITE_FILE = join('driftwatch', 'expectations.yaml')
/** The demo project's drop folder, where "Simulate next week" copies the weeks. */
export const DEMO_DROP_FOLDER = 'data-drift'
/** The demo's driftwatch.yaml, copied from the bundle (resources/demo/driftwatch.yaml). */
const DEMO_CONFIG_FILE = 'driftwatch.yaml'

/** The app's own data folder: $DRIFTWATCH_HOME, or ~/.driftwatch. */
export function defaultDataDir(): string {
  const home = process.env['DRIFTWATCH_HOME']
  return home !== undefined && home.length > 0 ? home : join(homedir(), '.driftwatch')
}

/** Makes the demo project in `dataDir` (copying the bundled reference once) and says where its parts are. */
export async function ensureDemoProject(bundleDir: string, dataDir: string): Promise<DemoProject> {
  const folder = join(dataDir, 'demo')
  const reference = join(folder, 'reference', DEMO_REFERENCE)
  await mkdir(join(folder, 'reference'), { recursive: true })
  await mkdir(join(folder, DEMO_DROP_FOLDER), { recursive: true })
  for (const [from, to] of [
    [join(bundleDir, 'reference', DEMO_REFERENCE), reference],
    [join(bundleDir, DEMO_CONFIG_FILE), join(folder, DEMO_CONFIG_FILE)]
  ] as const) {
    try {
      await copyFile(from, to, constants.COPYFILE_EXCL)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  return {
    folder,
    reference,
    suitePath: join(folder, SUITE_FILE),
    drops: DEMO_DROPS.map((name) => join(bundleDir, 'drops', name))
  }
}
