import type { BackendError } from './types'

/** What went wrong on the other side of the IPC, as the UI handles it. */
export type ErrorDetail = BackendError | { kind: 'Unexpected'; message: string }

export type ErrorKind = ErrorDetail['kind']

/** A typed failure of a backend call; `detail` is the backend's `Error` union (or Unexpected). */
export class AppError extends Error {
  readonly detail: ErrorDetail

  constructor(detail: ErrorDetail) {
    super(detail.kind)
    this.name = 'AppError'
    this.detail = detail
  }

  get kind(): ErrorKind {
    return this.detail.kind
  }
}

const KINDS = new Set([
  'NotFound',
  'Validation',
  'Conflict',
  'ReadOnly',
  'SchemaMismatch',
  'Unreachable',
  'Database',
  'Cancelled',
  'NoDatabase',
])

/** Turns anything thrown or returned as an error into an AppError. */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof AppError) return raw
  if (raw && typeof raw === 'object' && KINDS.has((raw as { kind?: string }).kind ?? '')) {
    return new AppError(raw as BackendError)
  }
  const message = raw instanceof Error ? raw.message : typeof raw === 'string' ? raw : JSON.stringify(raw)
  return new AppError({ kind: 'Unexpected', message })
}
