/**
 * Plain-text layout for the terminal: aligned columns that fit a width, and wrapped paragraphs with a
 * hanging indent. Widths count code points (the report's text uses no wide characters).
 */

/** The width the CLI's output is laid out for. */
export const TEXT_WIDTH = 100

export type ColumnSpec = Readonly<{
  header: string
  /** Numbers read best aligned on the right. Default 'left'. */
  align?: 'left' | 'right'
  /** The column may be cut (with '…') down to this width when the table is too wide. */
  minWidth?: number
}>

const GAP = '  '

/** Length in code points, so '…' and 'σ' count as one. */
export function textLength(text: string): number {
  return [...text].length
}

/** `text` cut to `width` code points, the last one an ellipsis when anything was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text]
  if (chars.length <= width) return text
  if (width <= 1) return chars.slice(0, width).join('')
  return `${chars.slice(0, width - 1).join('')}…`
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - textLength(text)))
  return align === 'right' ? fill + text : text + fill
}

/**
 * Lines of an aligned table: header, a rule, then the rows, each line prefixed by `indent`. When the table is
 * wider than `width`, the columns with a `minWidth` give up space one character at a time, always the widest, down to their minimum.
 *
 * @example renderColumns([{ header: 'Column' }, { header: 'Score', align: 'right' }], [['temp', '0.01']])
 */
export function renderColumns(
  specs: readonly ColumnSpec[],
  rows: readonly (readonly string[])[],
  options: Readonly<{ width?: number; indent?: string }> = {}
): string[] {
  const indent = options.indent ?? ''
  const limit = (options.width ?? TEXT_WIDTH) - textLength(indent)
  const widths = specs.map((spec, i) =>
    Math.max(textLength(spec.header), ...rows.map((r) => textLength(r[i] ?? '')))
  )
  const total = (): number => widths.reduce((s, w) => s + w, 0) + GAP.length * (specs.length - 1)
  while (total() > limit) {
    let widest = -1
    specs.forEach((spec, i) => {
      const w = widths[i] as number
      if (
        spec.minWidth !== undefined &&
        w > spec.minWidth &&
        (widest < 0 || w > (widths[widest] as number))
      ) {
        widest = i
      }
    })
    if (widest < 0) break
    widths[widest] = (widths[widest] as number) - 1
  }
  const line = (cells: readonly string[]): string =>
    indent +
    specs
      .map((spec, i) =>
        pad(
          truncate(cells[i] ?? '', widths[i] as number),
          widths[i] as number,
          spec.align ?? 'left'
        )
      )
      .join(GAP)
      .trimEnd()
  return [
    line(specs.map((s) => s.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(r))
  ]
}

/**
 * `text` broken at spaces into lines of at most `width` code points: the first starts with `first`, the
 * others with `rest` (a hanging indent). A word longer than a whole line is cut across lines.
 *
 * @example wrapText('note: a long sentence', 12, 'note: ', '      ')
 */
export function wrapText(
  text: string,
  width: number = TEXT_WIDTH,
  first = '',
  rest = first
): string[] {
  const room = Math.max(1, width - textLength(rest))
  const words = text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .flatMap((word) => {
      const chars = [...word]
      if (chars.length <= room) return [word]
      const pieces: string[] = []
      for (let i = 0; i < chars.length; i += room) pieces.push(chars.slice(i, i + room).join(''))
      return pieces
    })
  const lines: string[] = []
  let current = first
  let empty = true
  for (const word of words) {
    const candidate = empty ? current + word : `${current} ${word}`
    if (!empty && textLength(candidate) > width) {
      lines.push(current)
      current = rest + word
    } else {
      current = candidate
    }
    empty = false
  }
  lines.push(current.trimEnd())
  return lines
}
