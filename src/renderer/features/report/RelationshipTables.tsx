import type { Relationship } from '../../../shared/model'
import { classRows, featureCorrelationRows, formatChange, formatCorrelation } from './targets'

/**
 * How target and prediction relate on each side, with the change: their correlation (regression), each
 * class's share and recall (classification), and the target's correlation with each numeric feature.
 */
export function RelationshipTables({ relationship }: Readonly<{ relationship: Relationship }>) {
  const classes = classRows(relationship)
  const features = featureCorrelationRows(relationship)
  const correlation = relationship.correlation
  if (!correlation && classes.length === 0 && features.length === 0) return null
  return (
    <div className="relationship" data-testid="relationship">
      {correlation ? (
        <div className="relationship-block">
          <h3>Target and prediction, Pearson r</h3>
          <table className="figures" data-testid="relationship-correlation">
            <thead>
              <tr>
                <th className="num side-reference">Reference</th>
                <th className="num side-current">Current</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td className="num">{formatCorrelation(correlation.reference)}</td>
                <td className="num">{formatCorrelation(correlation.current)}</td>
                <td className="num">{formatChange(correlation.reference, correlation.current)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      {classes.length > 0 ? (
        <div className="relationship-block">
          <h3>Per class: share of rows and recall</h3>
          <table className="figures" data-testid="relationship-classes">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num side-reference">Share, ref</th>
                <th className="num side-current">Share, cur</th>
                <th className="num">Change</th>
                <th className="num side-reference">Recall, ref</th>
                <th className="num side-current">Recall, cur</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.value}>
                  <th scope="row" className="figure-name" title={c.value}>
                    {c.value}
                  </th>
                  <td className="num">{c.referenceShare}</td>
                  <td className="num">{c.currentShare}</td>
                  <td className="num">{c.shareChange}</td>
                  <td className="num">{c.referenceRecall}</td>
                  <td className="num">{c.currentRecall}</td>
                  <td className="num">{c.recallChange}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {features.length > 0 ? (
        <div className="relationship-block">
          <h3>Features’ correlation with the target, largest change first</h3>
          <table className="figures" data-testid="relationship-features">
            <thead>
              <tr>
                <th>Feature</th>
                <th className="num side-reference">Reference</th>
                <th className="num side-current">Current</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {features.map((f) => (
                <tr key={f.feature}>
                  <th scope="row" className="figure-name" title={f.feature}>
                    {f.feature}
                  </th>
                  <td className="num">{f.reference}</td>
                  <td className="num">{f.current}</td>
                  <td className="num">{f.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  )
}
