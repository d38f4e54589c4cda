/**
 * Writing the outputs a command was asked for (`--json`, `--junit`, `--markdown`, `--html`): each to its file,
 * or to standard output for '-' (parseArgs allows one output there at most). The renderers themselves are
 * pure (src/main/export); this is the one place the CLI turns their text into files, so a new format is
 * one more entry in a command's list.
 */
import { writeFile } from 'node:fs/promises'
import { toAppError } from '../../../shared/errors'

/** One output a command may write. */
export type Output = Readonly<{
  /** What it is, for the error sentence: 'the report as JSON', 'the JUnit XML'. */
  what: string
  /** The flag's value: a file, '-' for standard output, or undefined when the flag was not given. */
  target: string | undefined
  /** Makes the text; called only when the output was asked for. */
  render: () => string
}>

/** Whether one of the outputs goes to standard output, so the command prints nothing else there. */
export function hasStandardOutput(outputs: readonly Output[]): boolean {
  return outputs.some((o) => o.target === '-')
}

/**
 * Writes every output that was asked for; an output that cannot be made (the HTML export is not built) or
 * a file that cannot be written is said on stderr with its reason and what to do, and the others are still
 * written. Resolves false when any failed (the command exits 2 then).
 */
export async function writeOutputs(
  outputs: readonly Output[],
  io: Readonly<{ out: (text: string) => void; err: (text: string) => void }>
): Promise<boolean> {
  let isComplete = true
  for (const output of outputs) {
    if (output.target === undefined) continue
    let text: string
    try {
      text = output.render()
    } catch (e) {
      const error = toAppError(e)
      const detail = error.code === 'INTERNAL' ? ` (${error.detail?.split('\n')[0] ?? ''})` : ''
      io.err(`driftwatch: could not make ${output.what}: ${error.message}${detail}\n`)
      isComplete = false
      continue
    }
    if (output.target === '-') {
      io.out(text)
      continue
    }
    try {
      await writeFile(output.target, text)
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? String(e)
      io.err(
        `driftwatch: could not write ${output.what} to ${output.target} (${reason}). Check that its folder exists and is writable.\n`
      )
      isComplete = false
    }
  }
  return isComplete
}
