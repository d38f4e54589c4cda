import type { AppError } from '../../../shared/errors'

type Props = Readonly<{ error: AppError; onDismiss: () => void }>

/** The sentence that says what happened and what to do; the detail stays folded for bug reports. */
export function ErrorBanner({ error, onDismiss }: Props) {
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div className="banner-body">
        <p className="banner-title">
          <span className="banner-icon" aria-hidden="true">
            ✕
          </span>
          {error.message}
        </p>
        {error.detail ? (
          <details className="error-detail">
            <summary>Details ({error.code})</summary>
            <pre>{error.detail}</pre>
          </details>
        ) : (
          <p className="error-code">Code: {error.code}</p>
        )}
      </div>
      <button type="button" className="button-quiet" onClick={onDismiss} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  )
}
