import { SHORTCUTS } from './keyboard'

/** The keyboard shortcuts, listed; Esc or the button closes it. */
export function ShortcutHelp({ onClose }: Readonly<{ onClose: () => void }>) {
  return (
    <div
      className="shortcut-help"
      role="dialog"
      aria-modal="true"
      aria-labelledby="shortcut-title"
      data-testid="shortcut-help"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose()
      }}
    >
      <div className="panel">
        <header className="panel-head">
          <h2 id="shortcut-title">Keyboard shortcuts</h2>
          <button type="button" className="button-quiet" onClick={onClose} autoFocus>
            Close
          </button>
        </header>
        <table className="data-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
