import { useRef, useState, type ChangeEvent, type DragEvent } from 'react'
import type { FileRole } from '../../api'
import type { SlotFile } from '../../store'
import { type DroppedItem, droppedItems } from './drop'

type Props = Readonly<{
  role: FileRole
  file: SlotFile | null
  isOpening: boolean
  isDisabled: boolean
  /** Native dialog (Electron); when false the slot uses a hidden `<input type=file>`. */
  canPick: boolean
  onPick: () => void
  /** A file chosen with the file input. */
  onFile: (file: File) => void
  /** A file or folder dropped on the slot. */
  onDrop: (item: DroppedItem) => void
}>

const TITLES: Readonly<Record<FileRole, string>> = {
  reference: 'Reference',
  current: 'Current'
}

const HINTS: Readonly<Record<FileRole, string>> = {
  reference: 'The sample the model was trained on',
  current: 'The new batch to check'
}

/**
 * One side of the comparison: the chosen file, a button to choose another, and a drop target that
 * replaces this side's file (the drop goes no further, so the window's own drop handling stays out).
 */
export function FileSlot(props: Props) {
  const { role, file, isOpening, isDisabled, canPick, onPick, onFile, onDrop: onDropItem } = props
  const input = useRef<HTMLInputElement | null>(null)
  const [isOver, setIsOver] = useState(false)

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes('Files')) return
    e.preventDefault()
    e.dataTransfer.dropEffect = isDisabled ? 'none' : 'copy'
    setIsOver(true)
  }
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    e.stopPropagation()
    setIsOver(false)
    const [dropped] = droppedItems(e.dataTransfer.items)
    if (dropped && !isDisabled) onDropItem(dropped)
  }
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0]
    e.target.value = ''
    if (chosen) onFile(chosen)
  }
  const choose = () => (canPick ? onPick() : input.current?.click())

  const classes = ['slot', isOver ? 'is-over' : '', file ? 'has-file' : ''].filter(Boolean)
  return (
    <div
      className={classes.join(' ')}
      data-testid={`${role}-slot`}
      onDragOver={onDragOver}
      onDragLeave={() => setIsOver(false)}
      onDrop={onDrop}
    >
      <div className="slot-head">
        <h2>{TITLES[role]}</h2>
        <span className="slot-hint">{HINTS[role]}</span>
      </div>
      {file ? (
        <div className="slot-file">
          <span className="slot-name" data-testid={`${role}-name`}>
            {file.name}
          </span>
          <span className="slot-path" title={file.ref.path}>
            <bdi>{file.ref.path}</bdi>
          </span>
        </div>
      ) : (
        <p className="slot-empty">Drop a CSV, Parquet or JSON file here</p>
      )}
      <div className="slot-actions">
        <button
          type="button"
          className="button"
          onClick={choose}
          disabled={isDisabled}
          data-shortcut={role === 'current' ? 'open' : undefined}
        >
          {isOpening ? 'Opening…' : 'Choose file…'}
        </button>
        <span className="slot-or">or drop a file here</span>
      </div>
      {canPick ? null : (
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={`${TITLES[role]} file`}
          data-testid={`file-input-${role}`}
          onChange={onChange}
        />
      )}
    </div>
  )
}
