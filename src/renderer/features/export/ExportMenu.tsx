import { useEffect, useRef, useState } from 'react'
import { EXPORT_FORMATS, type ExportFormat, type ExportSource } from '../../../shared/api'
import type { AppError } from '../../../shared/errors'
import type { Client } from '../../api'
import { exportFile, FORMAT_TEXT, PROJECT_FORMAT_TEXT } from './actions'

type Props = Readonly<{
  client: Client
  source: ExportSource
  /** The formats offered; default every one. */
  formats?: readonly ExportFormat[]
}>

/**
 * The Export menu: a button that lists the formats; choosing one saves the file. Escape or a click
 * elsewhere closes it; a failure says why under the button.
 */
export function ExportMenu({ client, source, formats = EXPORT_FORMATS }: Props) {
  const [isOpen, setOpen] = useState(false)
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const root = useRef<HTMLDivElement | null>(null)

  useEffect(() => {
    if (!isOpen) return
    const onPointer = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [isOpen])

  const choose = async (format: ExportFormat): Promise<void> => {
    setOpen(false)
    setBusy(format)
    setError(null)
    const exported = await exportFile(client, { source, format })
    setBusy(null)
    if (!exported.ok) setError(exported.error)
  }

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        data-testid="export-button"
        data-shortcut="export"
        disabled={busy !== null}
        onClick={() => setOpen((open) => !open)}
      >
        {busy === null ? 'Export' : 'Exporting…'} <span aria-hidden="true">▾</span>
      </button>
      {isOpen ? (
        <ul className="menu-list" role="menu" aria-label="Export as">
          {formats.map((format) => {
            const text =
              (source.kind === 'project' ? PROJECT_FORMAT_TEXT[format] : undefined) ??
              FORMAT_TEXT[format]
            return (
              <li key={format} role="none">
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  data-testid={`export-${format}`}
                  onClick={() => void choose(format)}
                >
                  {text.label}
                  <span className="menu-hint">{text.hint}</span>
                </button>
              </li>
            )
          })}
        </ul>
      ) : null}
      {error ? (
        <p className="banner banner-error export-error" role="alert" data-testid="export-error">
          {error.message}{' '}
          <button type="button" className="button-quiet" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
    </div>
  )
}
