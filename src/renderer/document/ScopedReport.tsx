import { useState } from 'react'
import type { Report } from '../../shared/model'
import { ReportView } from '../features/report/ReportView'
import { createAppStore } from '../store'
import { StoreScope } from '../store/StoreScope'

/**
 * A report in a document, with a store of its own (its selected column, sort and filter), laid out for a
 * page: every drifted column's detail open under the table.
 */
export function ScopedReport({ report }: Readonly<{ report: Report }>) {
  const [store] = useState(() => {
    const created = createAppStore()
    created.getState().showReport(report)
    return created
  })
  return (
    <StoreScope store={store}>
      <ReportView report={report} layout="document" />
    </StoreScope>
  )
}
