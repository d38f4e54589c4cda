import { lazy, Suspense } from 'react'
import type { Report } from '../../../shared/model'
import type { Client } from '../../api'
import { useAppStore } from '../../store'

// The grid decodes Arrow (apache-arrow is a large module): load it when a preview first opens.
const PreviewPanel = lazy(() => import('./PreviewPanel').then((m) => ({ default: m.PreviewPanel })))

/** The data preview of the report on screen, when one is open; loaded on first use. */
export function LazyPreviewPanel({ client, report }: Readonly<{ client: Client; report: Report }>) {
  const isOpen = useAppStore((s) => s.preview !== null)
  if (!isOpen) return null
  return (
    <Suspense
      fallback={
        <p className="preview-message" role="status">
          Opening the data preview…
        </p>
      }
    >
      <PreviewPanel client={client} report={report} />
    </Suspense>
  )
}
