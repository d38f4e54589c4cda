/**
 * Printing a document ("print to PDF"): folded sections that belong on paper (the inputs, the passed
 * expectations) are opened for the print and folded again after it. Column details stay as the reader
 * left them: the drifted ones are open, and a folded one has no chart to print.
 */

/** The folded `<details>` to open for printing: all but the column list's entries. */
function foldedSections(page: Document): HTMLDetailsElement[] {
  return [...page.querySelectorAll('details')].filter(
    (details) => !details.open && details.closest('.detail-list') === null
  )
}

/** Opens the folded sections before printing and folds them back after; returns the undo. */
export function openSectionsForPrint(view: Window = window): () => void {
  let opened: HTMLDetailsElement[] = []
  const before = (): void => {
    opened = foldedSections(view.document)
    for (const details of opened) details.open = true
  }
  const after = (): void => {
    for (const details of opened) details.open = false
    opened = []
  }
  view.addEventListener('beforeprint', before)
  view.addEventListener('afterprint', after)
  return () => {
    view.removeEventListener('beforeprint', before)
    view.removeEventListener('afterprint', after)
  }
}
