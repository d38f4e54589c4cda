/**
 * The window's keyboard shortcuts (keyboard.ts says which key does what): open, export, search the
 * columns, step through the columns of the report shown, close a column's detail, switch screens, help.
 * Buttons a shortcut presses carry `data-shortcut="<action>"`, so a screen offers a shortcut by marking
 * its button, and the keys work only where the button is shown and enabled.
 */
import { useEffect } from 'react'
import { visibleColumns } from './features/report/columnTable'
import { shortcutFor, stepColumn } from './keyboard'
import { useAppStore } from './store'

const store = useAppStore

/** Presses the shown, enabled button marked for `action`; false when there is none. */
function press(action: string): boolean {
  const button = document.querySelector<HTMLElement>(`[data-shortcut="${action}"]:not(:disabled)`)
  if (button === null) return false
  button.click()
  return true
}

export function useShortcuts(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      // A dialog (the data preview, the shortcuts) keeps its keys: Esc closes it, not the column behind.
      if (event.defaultPrevented) return
      const target = event.target as HTMLElement | null
      if (target?.closest?.('[role="dialog"]')) return
      const isTyping =
        target !== null &&
        (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
      const action = shortcutFor(
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          shiftKey: event.shiftKey,
          isTyping
        },
        navigator.platform
      )
      if (action === null) return
      const s = store.getState()
      const report = s.view === 'compare' || s.openRunId !== null ? s.report : null
      let isHandled = true
      switch (action) {
        case 'open':
        case 'export':
          isHandled = press(action)
          break
        case 'searchColumns': {
          const filter = document.querySelector<HTMLInputElement>('[data-testid="column-filter"]')
          if (filter === null) isHandled = false
          else {
            filter.focus()
            filter.select()
          }
          break
        }
        case 'nextColumn':
        case 'previousColumn': {
          if (report === null) {
            isHandled = false
            break
          }
          const order = visibleColumns(report.columns, {
            filterText: s.filterText,
            driftedOnly: s.driftedOnly,
            sort: s.sort
          }).map((c) => c.column)
          const next = stepColumn(order, s.selectedColumn, action === 'nextColumn' ? 1 : -1)
          if (next === null) isHandled = false
          else s.selectColumn(next)
          break
        }
        case 'closeDetail':
          if (s.selectedColumn === null) isHandled = false
          else s.selectColumn(null)
          break
        case 'showProject':
        case 'showCompare':
          s.setView(action === 'showProject' ? 'project' : 'compare')
          break
        case 'help':
          onHelp()
          break
      }
      if (isHandled) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onHelp])
}
