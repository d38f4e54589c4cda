import { useId } from 'react'
import type { MultivariateDrift } from '../../../shared/model'
import { multivariateRows, sampleSentence } from './multivariate'
import { NoteList } from './NoteList'
import { DriftVerdict } from './VerdictChip'

/** Drift of the joint distribution: one card per method with its figures, the sample and the notes. */
export function MultivariateSection({ drift }: Readonly<{ drift: MultivariateDrift }>) {
  const titleId = useId()
  const rows = multivariateRows(drift)
  return (
    <section className="panel" data-testid="multivariate" aria-labelledby={titleId}>
      <header className="panel-head">
        <h2 id={titleId}>Multivariate drift</h2>
        <DriftVerdict drifted={drift.drifted} />
      </header>
      <p className="panel-lead" data-testid="multivariate-sample">
        {sampleSentence(drift)}
      </p>
      {rows.length > 0 ? (
        <div className="method-grid">
          {rows.map((row) => (
            <article className="method" key={row.key} data-testid={`multivariate-${row.key}`}>
              <header className="method-head">
                <h3>{row.title}</h3>
                <DriftVerdict drifted={row.drifted} />
              </header>
              <dl className="facts">
                {row.figures.map((f) => (
                  <div className="fact" key={f.label}>
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </div>
                ))}
              </dl>
              <p className="method-sentence">{row.sentence}</p>
            </article>
          ))}
        </div>
      ) : null}
      <NoteList notes={drift.notes} />
    </section>
  )
}
