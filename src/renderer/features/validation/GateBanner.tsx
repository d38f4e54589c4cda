import type { Gate } from '../../../shared/model'

/**
 * The validation gate, above the drift verdict when the data is invalid: what was decided and what to do
 * (fix the data, not the model). Nothing shows for valid or unchecked data; the Validation section and
 * the notes say those.
 */
export function GateBanner({ gate }: Readonly<{ gate: Gate }>) {
  if (gate.status !== 'invalid') return null
  return (
    <div className="banner gate-banner" data-testid="gate-banner" role="alert">
      <span className="banner-icon" aria-hidden="true">
        ✕
      </span>
      <div className="banner-body">
        <div className="verdict-line">
          <span className="verdict-headline">Data invalid: fix the data first</span>
        </div>
        <p className="verdict-decision">{gate.reason}</p>
      </div>
    </div>
  )
}
