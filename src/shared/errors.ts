/**
 * Expected failures travel as values. An AppError says what happened and what to do next in `message`;
 * `detail` carries context for logs (never shown as the headline).
 */
export type ErrorCode =
  | 'FILE_NOT_FOUND'
  | 'NOT_A_FILE'
  | 'FILE_UNREADABLE'
  | 'FILE_EMPTY'
  | 'FORMAT_UNKNOWN'
  | 'CSV_PARSE_FAILED'
  | 'PARQUET_READ_FAILED'
  | 'JSON_PARSE_FAILED'
  | 'NO_ROWS'
  | 'NO_COMMON_COLUMNS'
  | 'PROFILE_UNREADABLE'
  | 'INVALID_OPTIONS'
  | 'PATH_NOT_GRANTED'
  | 'UPLOAD_FAILED'
  | 'NOT_FOUND'
  | 'CANCELLED'
  | 'UNSUPPORTED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'WEBHOOK_FAILED'
  | 'INTERNAL'

export type AppError = Readonly<{
  code: ErrorCode
  message: string
  detail?: string
}>

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(code: ErrorCode, message: string, detail?: string): Result<T> {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } }
}

/** Thrown inside the engine where unwinding is simpler than threading a Result; caught at the job boundary. */
export class AppFailure extends Error {
  readonly code: ErrorCode
  readonly detail?: string
  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message)
    this.name = 'AppFailure'
    this.code = code
    if (detail !== undefined) this.detail = detail
  }
}

/** Turns anything thrown into a plain AppError; unknown errors become INTERNAL with their text as detail. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) {
    return e.detail === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, detail: e.detail }
  }
  if (isAppError(e)) return e
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e)
  return {
    code: 'INTERNAL',
    message: 'Driftwatch hit an unexpected error. The details are in the log; please report them.',
    detail: text
  }
}

export function isAppError(v: unknown): v is AppError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  )
}
