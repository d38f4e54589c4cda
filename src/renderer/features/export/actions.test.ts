import { describe, expect, it } from 'vitest'
import type { ExportedFile } from '../../../shared/api'
import { err, ok } from '../../../shared/errors'
import { fakeClient } from '../../fakeClient'
import { exportFile } from './actions'

const file: ExportedFile = {
  fileName: 'driftwatch-week1-vs-reference.html',
  mediaType: 'text/html; charset=utf-8',
  text: '<!doctype html>'
}

describe('exportFile', () => {
  it('asks the backend for the file and saves what it answers', async () => {
    const fake = fakeClient({ 'report:export': () => ok(file) })
    const saved: ExportedFile[] = []
    const request = { source: { kind: 'report' as const, reportId: 'r1' }, format: 'html' as const }
    expect(await exportFile(fake.client, request, (f) => saved.push(f))).toEqual(ok(file))
    expect(fake.calls).toEqual([{ name: 'report:export', req: request }])
    expect(saved).toEqual([file])
  })

  it('saves nothing when the backend cannot export, and passes its sentence on', async () => {
    const refusal = err('NOT_FOUND', 'No report with id r1; run the comparison again.')
    const fake = fakeClient({ 'report:export': () => refusal })
    const saved: ExportedFile[] = []
    const outcome = await exportFile(
      fake.client,
      { source: { kind: 'report', reportId: 'r1' }, format: 'json' },
      (f) => saved.push(f)
    )
    expect(outcome).toEqual(refusal)
    expect(saved).toEqual([])
  })
})
