import { useEffect, useRef } from 'react'
import type { FileRole } from '../../api'

type Props = Readonly<{
  fileName: string
  onChoose: (role: FileRole) => void
  onCancel: () => void
}>

/**
 * The question a file dropped alone on the window asks once a session: "Use week4.csv as: Reference /
 * Current". The answer is kept for the later single drops of the session. Escape dismisses it.
 */
export function DropChoice({ fileName, onChoose, onCancel }: Props) {
  const first = useRef<HTMLButtonElement | null>(null)
  useEffect(() => first.current?.focus(), [])
  return (
    <div
      className="drop-choice"
      role="group"
      aria-label={`Use ${fileName} as`}
      data-testid="drop-choice"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel()
      }}
    >
      <span>
        Use <strong>{fileName}</strong> as:
      </span>
      <button
        ref={first}
        type="button"
        className="button"
        data-testid="drop-as-reference"
        onClick={() => onChoose('reference')}
      >
        Reference
      </button>
      <button
        type="button"
        className="button button-primary"
        data-testid="drop-as-current"
        onClick={() => onChoose('current')}
      >
        Current
      </button>
      <span className="muted">Later files dropped alone go to the same side.</span>
      <button type="button" className="button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}
