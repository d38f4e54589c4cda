import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'

const showOpenDialog = vi.hoisted(() =>
  vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({
    canceled: false,
    filePaths: ['/data/week1.csv']
  }))
)

vi.mock('electron', () => ({ dialog: { showOpenDialog } }))

const {
  createPickFile,
  createPickFolder,
  DATA_FILE_EXTENSIONS,
  FOLDER_DIALOG_OPTIONS,
  openDialogOptions
} = await import('./dialogs')

beforeEach(() => showOpenDialog.mockClear())

describe('openDialogOptions', () => {
  it('opens one file, filtered to the data formats the engine reads', () => {
    const options = openDialogOptions('reference')
    expect(options.properties).toEqual(['openFile'])
    expect(options.title).toMatch(/reference/)
    expect(options.filters).toEqual([
      { name: 'Data files', extensions: ['csv', 'tsv', 'gz', 'parquet', 'json', 'ndjson', 'jsonl'] }
    ])
    expect(openDialogOptions('current').title).toMatch(/current/)
    expect(DATA_FILE_EXTENSIONS).toContain('parquet')
  })
})

describe('createPickFile', () => {
  it('returns the chosen path, with the dialog over the window', async () => {
    const window = { isDestroyed: () => false } as unknown as BrowserWindow
    const pick = createPickFile(() => window)
    await expect(pick('current')).resolves.toBe('/data/week1.csv')
    expect(showOpenDialog).toHaveBeenCalledWith(window, openDialogOptions('current'))
  })

  it('shows a free-standing dialog when there is no window', async () => {
    const pick = createPickFile(() => null)
    await expect(pick('reference')).resolves.toBe('/data/week1.csv')
    expect(showOpenDialog).toHaveBeenCalledWith(openDialogOptions('reference'))
  })

  it('returns null when the person cancels', async () => {
    showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    await expect(createPickFile(() => null)('reference')).resolves.toBeNull()
  })
})

describe('createPickFolder', () => {
  it('asks for one folder over the window and gives its path, or null when cancelled', async () => {
    const window = { isDestroyed: () => false } as never
    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/me/churn'] })
    await expect(createPickFolder(() => window)()).resolves.toBe('/home/me/churn')
    expect(showOpenDialog).toHaveBeenCalledWith(window, FOLDER_DIALOG_OPTIONS)
    expect(FOLDER_DIALOG_OPTIONS.properties).toEqual(['openDirectory'])
    showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    await expect(createPickFolder(() => null)()).resolves.toBeNull()
  })
})
