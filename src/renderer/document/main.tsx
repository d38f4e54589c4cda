/**
 * The export bundle's entry (built by vite.export.config.ts into out/export/): draws the document embedded
 * in the page, or says in the page why it cannot.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { DocumentView } from './DocumentView'
import { readDocument } from './readDocument'
import '../styles.css'
import './document.css'

const root = document.getElementById('root')
if (!root) throw new Error('the exported page has no #root element')

const read = readDocument(document)
if (read.ok) {
  createRoot(root).render(
    <StrictMode>
      <DocumentView document={read.value} />
    </StrictMode>
  )
} else {
  const message = document.createElement('p')
  message.className = 'banner banner-error'
  message.setAttribute('role', 'alert')
  message.textContent = read.error.message
  root.replaceChildren(message)
}
