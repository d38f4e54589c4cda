/** Remarks of a report section (why a method did not run, caveats), as a plain list. */
export function NoteList({ notes }: Readonly<{ notes: readonly string[] }>) {
  if (notes.length === 0) return null
  return (
    <ul className="panel-notes">
      {notes.map((note, i) => (
        <li key={i}>{note}</li>
      ))}
    </ul>
  )
}
