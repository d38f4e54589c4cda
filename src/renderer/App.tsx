import { useEffect, type DragEvent } from 'react'
import type { Client } from './api'
import { loadStartup, openDroppedFiles, runCompare } from './features/compare/actions'
import { CompareScreen } from './features/compare/CompareScreen'
import { ReportView } from './features/report/ReportView'
import { SuiteEditor } from './features/validation/SuiteEditor'
import { compareSelectors, useAppStore } from './store'

type Props = Readonly<{ client: Client }>

export function App({ client }: Props) {
  const report = useAppStore((s) => s.report)
  const info = useAppStore((s) => s.info)
  const isStarted = useAppStore((s) => s.isStarted)
  const isRunning = useAppStore(compareSelectors.isRunning)
  const isEditorOpen = useAppStore((s) => s.draft !== null)
  const openSuiteEditor = useAppStore((s) => s.openSuiteEditor)

  useEffect(() => {
    void loadStartup(client)
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
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    if (isRunning) return
    void openDroppedFiles(client, Array.from(e.dataTransfer.files))
  }

  return (
    <div className="app" onDragOver={onDragOver} onDrop={onDrop}>
      <header className="app-head">
        <h1>
          Driftwatch <span className="app-sub">compare two datasets for drift</span>
        </h1>
        {info ? (
          <span className="muted">
            v{info.version} · {info.host === 'electron' ? 'desktop' : 'browser'}
          </span>
        ) : null}
      </header>
      <main className="app-main">
        {isStarted ? (
          <CompareScreen client={client} />
        ) : (
          <p className="loading" role="status">
            Starting Driftwatch…
          </p>
        )}
        {report ? (
          <ReportView
            report={report}
            onCompareAgain={() => void runCompare(client)}
            onEditSuite={() => openSuiteEditor(report)}
            suiteEditor={isEditorOpen ? <SuiteEditor client={client} report={report} /> : null}
          />
        ) : null}
      </main>
    </div>
  )
}
