import { describe, expect, it } from 'vitest'
import type { ProjectConfig } from '../../../shared/model'
import { withSettings } from './ProjectSettings'

const base: ProjectConfig = {
  version: 1,
  reference: 'ref.csv',
  drops: [{ path: 'incoming' }],
  notifications: { webhook: { url: 'https://old.example/hook', on: ['invalid'] } },
  archive: { enabled: false, folder: 'done' }
}

describe('withSettings', () => {
  it('writes only what differs from the defaults, keeping the rest of the config', () => {
    const all = {
      isDesktopOn: true,
      on: ['drift', 'invalid', 'failed'] as const,
      webhook: '',
      isArchiveOn: false
    }
    expect(withSettings({ ...base, notifications: undefined, archive: undefined }, all)).toEqual({
      version: 1,
      reference: 'ref.csv',
      drops: [{ path: 'incoming' }]
    })
  })

  it('a new webhook URL keeps the webhook’s own settings; archiving keeps its folder', () => {
    const next = withSettings(base, {
      isDesktopOn: false,
      on: ['drift'],
      webhook: ' https://hooks.example/new ',
      isArchiveOn: true
    })
    expect(next.notifications).toEqual({
      desktop: false,
      on: ['drift'],
      webhook: { url: 'https://hooks.example/new', on: ['invalid'] }
    })
    expect(next.archive).toEqual({ enabled: true, folder: 'done' })
    expect(next.reference).toBe('ref.csv')
  })
})
