import { useEffect } from 'react'
import { documentTitle, type DocumentContent, type ExportDocument } from '../../shared/model'
import { ValidationSection } from '../features/validation/ValidationSection'
import { markWhenDrawn } from './drawn'
import { openSectionsForPrint } from './printing'
import { ProjectDocument } from './ProjectDocument'
import { ScopedReport } from './ScopedReport'

/**
 * A standalone document: its title, when and by what it was exported, then its content drawn by the app's
 * own components: a report, a validation, or a project with its batches.
 */
export function DocumentView({ document: doc }: Readonly<{ document: ExportDocument }>) {
  // Children's effects ran first: the charts that are not loading are drawn by now.
  useEffect(() => {
    markWhenDrawn()
    return openSectionsForPrint()
  }, [])
  return (
    <div className="document" data-kind={doc.content.kind}>
      <header className="document-head">
        <p className="document-brand">Driftwatch</p>
        <h1 data-testid="document-title">{documentTitle(doc.content)}</h1>
        <p className="muted">
          Exported {new Date(doc.exportedAt).toLocaleString()} by {doc.exportedBy}. This file needs
          no network: everything it shows is inside it.
        </p>
      </header>
      <main className="document-main">
        <Content content={doc.content} />
      </main>
    </div>
  )
}

function Content({ content }: Readonly<{ content: DocumentContent }>) {
  switch (content.kind) {
    case 'report':
      return <ScopedReport report={content.report} />
    case 'validation':
      return <ValidationSection validation={content.validation} />
    case 'project':
      return <ProjectDocument content={content} />
    default:
      return assertNever(content)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected document content ${JSON.stringify(v)}`)
}
