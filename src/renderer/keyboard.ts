/**
 * Keyboard shortcuts: which key does what, as a pure function of the key event, so the table of shortcuts
 * (shown with `?`) and the handling cannot disagree. Ctrl on Windows and Linux is Cmd on macOS.
 *
 * @example shortcutFor({ key: 'o', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, isTyping: false }, 'linux')
 * // 'open'
 */

export type ShortcutAction =
  | 'open'
  | 'export'
  | 'searchColumns'
  | 'nextColumn'
  | 'previousColumn'
  | 'closeDetail'
  | 'showProject'
  | 'showCompare'
  | 'help'

/** What the handler needs of a key event; `isTyping` is true in a text field, where letters are text. */
export type KeyInput = Readonly<{
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  isTyping: boolean
}>

/** The shortcuts as the help lists them: keys in words, and what they do. */
export const SHORTCUTS: readonly Readonly<{
  keys: string
  action: ShortcutAction
  does: string
}>[] = [
  {
    keys: 'Ctrl/Cmd+O',
    action: 'open',
    does: 'Open a file (Compare) or a project folder (Project)'
  },
  { keys: 'Ctrl/Cmd+E', action: 'export', does: 'Export the report shown' },
  { keys: '/ or Ctrl/Cmd+F', action: 'searchColumns', does: 'Search the report’s columns' },
  { keys: 'J or Alt+↓', action: 'nextColumn', does: 'Open the next column' },
  { keys: 'K or Alt+↑', action: 'previousColumn', does: 'Open the previous column' },
  { keys: 'Esc', action: 'closeDetail', does: 'Close the column’s detail' },
  { keys: 'Alt+1 / Alt+2', action: 'showProject', does: 'The Project / Compare screen' },
  { keys: '?', action: 'help', does: 'Show these shortcuts' }
]

export function shortcutFor(event: KeyInput, platform: string): ShortcutAction | null {
  const command =
    platform === 'darwin' || platform.startsWith('Mac') ? event.metaKey : event.ctrlKey
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key
  if (command && !event.altKey) {
    if (key === 'o') return 'open'
    if (key === 'e') return 'export'
    if (key === 'f') return 'searchColumns'
    return null
  }
  if (event.altKey && !command) {
    if (key === 'ArrowDown') return 'nextColumn'
    if (key === 'ArrowUp') return 'previousColumn'
    if (key === '1') return 'showProject'
    if (key === '2') return 'showCompare'
    return null
  }
  if (key === 'Escape') return 'closeDetail'
  if (event.isTyping || event.ctrlKey || event.metaKey) return null
  if (key === '/') return 'searchColumns'
  if (key === 'j') return 'nextColumn'
  if (key === 'k') return 'previousColumn'
  if (key === '?') return 'help'
  return null
}

/**
 * The column to open after `current` among `order` (the table's visible order), one step `direction`
 * away; the first (or last) when none is open; the same at the ends; null when the table is empty.
 */
export function stepColumn(
  order: readonly string[],
  current: string | null,
  direction: 1 | -1
): string | null {
  if (order.length === 0) return null
  const index = current === null ? -1 : order.indexOf(current)
  if (index < 0) return (direction === 1 ? order[0] : order[order.length - 1]) ?? null
  const next = Math.min(order.length - 1, Math.max(0, index + direction))
  return order[next] ?? null
}
