import { type DragEvent, useCallback, useDeferredValue, useEffect, useState } from 'react'
import type { Client } from './api'
import { loadStartup, runCompare } from './features/compare/actions'
import { CompareScreen } from './features/compare/CompareScreen'
import { droppedItems, dropOnWindow } from './features/compare/drop'
import { LiveReport } from './features/compare/LiveReport'
import { ExportMenu } from './features/export/ExportMenu'
import { loadProjects } from './features/project/actions'
import { ProjectScreen } from './features/project/ProjectScreen'
import { LazyPreviewPanel } from './features/preview/LazyPreviewPanel'
import { ReportView } from './features/report/ReportView'
import { SuiteEditor } from './features/validation/SuiteEditor'
import { ShortcutHelp } from './ShortcutHelp'
import { useAppStore } from './store'
import { useShortcuts } from './useShortcuts'

type Props = Readonly<{ client: Client }>

export function App({ client }: Props) {
  const report = useAppStore((s) => (s.reportOrigin === 'compare' ? s.report : null))
  const live = useAppStore((s) => s.live)
  // The report and the report so far are rendered in the background, in slices that leave the window free
  // between them: when a comparison finishes (the report set, the report so far cleared, in one update),
  // the report so far stays on screen until one commit swaps them. Rendered at once, a report took 16 ms of
  // one task at 10^6 rows, and up to 141 ms after a 5 GB comparison.
  const shownReport = useDeferredValue(report)
  const shownLive = useDeferredValue(live)
  const view = useAppStore((s) => s.view)
  const setView = useAppStore((s) => s.setView)
  const info = useAppStore((s) => s.info)
  const isStarted = useAppStore((s) => s.isStarted)
  const isEditorOpen = useAppStore((s) => s.draft !== null)
  const [isHelpOpen, setHelpOpen] = useState(false)
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), [])
  useShortcuts(toggleHelp)
  const openSuiteEditor = useAppStore((s) => s.openSuiteEditor)
  const openPreview = useAppStore((s) => s.openPreview)

  useEffect(() => {
    let off: (() => void) | null = null
    let isGone = false
    void loadStartup(client).then(async () => {
      const unsubscribe = await loadProjects(client)
      if (isGone) unsubscribe()
      else off = unsubscribe
    })
    return () => {
      isGone = true
      off?.()
    }
  }, [client])

  // A file dropped outside the drop targets must not make the window navigate to it.
  useEffect(() => {
    const stop = (e: globalThis.DragEvent) => e.preventDefault()
    window.addEventListener('dragover', stop)
    window.addEventListener('drop', stop)
    return () => {
      window.removeEventListener('dragover', stop)
      window.removeEventListener('drop', stop)
    }
  }, [])

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (e.dataTransfer.types.includes('Files')) e.preventDefault()
  }
  // The items are read now: a drop's data is gone once its event handler returns.
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    void dropOnWindow(client, droppedItems(e.dataTransfer.items))
  }

  return (
    <div className="app" onDragOver={onDragOver} onDrop={onDrop}>
      <header className="app-head">
        <h1>Driftwatch</h1>
        <nav className="app-nav" aria-label="Screens">
          {(['project', 'compare'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={view === v ? 'nav-tab is-active' : 'nav-tab'}
              aria-current={view === v ? 'page' : undefined}
              data-testid={`nav-${v}`}
              onClick={() => setView(v)}
            >
              {v === 'project' ? 'Project' : 'Compare two files'}
            </button>
          ))}
        </nav>
        <button
          type="button"
          className="button-quiet"
          aria-label="Keyboard shortcuts"
          data-testid="shortcuts-button"
          onClick={toggleHelp}
        >
          ?
        </button>
        {info ? (
          <span className="muted">
            v{info.version} · {info.host === 'electron' ? 'desktop' : 'browser'}
          </span>
        ) : null}
      </header>
      {isHelpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null}
      <main className="app-main">
        {!isStarted ? (
          <p className="loading" role="status">
            Starting Driftwatch…
          </p>
        ) : view === 'project' ? (
          <ProjectScreen client={client} canPickFolder={info?.canPickFiles ?? false} />
        ) : (
          <CompareScreen client={client} />
        )}
        {view === 'compare' && shownLive !== null ? (
          <LiveReport live={shownLive} onCompareAgain={() => void runCompare(client)} />
        ) : null}
        {view === 'compare' && shownReport ? (
          <ReportView
            report={shownReport}
            onCompareAgain={() => void runCompare(client)}
            onEditSuite={() => openSuiteEditor(shownReport)}
            suiteEditor={isEditorOpen ? <SuiteEditor client={client} report={shownReport} /> : null}
            actions={
              <ExportMenu client={client} source={{ kind: 'report', reportId: shownReport.id }} />
            }
            onPreview={openPreview}
          />
        ) : null}
        {view === 'compare' && shownReport ? (
          <LazyPreviewPanel client={client} report={shownReport} />
        ) : null}
      </main>
    </div>
  )
}
