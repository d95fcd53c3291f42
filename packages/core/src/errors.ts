/** Stable codes of every failure pdk reports. Codes never change meaning once released. */
export type PdkErrorCode =
  | 'PDK_MANIFEST_INVALID'
  | 'PDK_HOST_INCOMPATIBLE'
  | 'PDK_KIND_UNKNOWN'
  | 'PDK_DEP_MISSING'
  | 'PDK_DEP_VERSION'
  | 'PDK_DEP_CYCLE'
  | 'PDK_DEP_FAILED'
  | 'PDK_DUPLICATE_PLUGIN'
  | 'PDK_SERVICE_AMBIGUOUS'
  | 'PDK_PERMISSION_DENIED'
  | 'PDK_CONFIG_INVALID'
  | 'PDK_HOOK_UNKNOWN'
  | 'PDK_ISOLATION_UNAVAILABLE'
  | 'PDK_TIMEOUT'
  | 'PDK_PLUGIN_FAILED'
  | 'PDK_PLUGIN_CRASHED'
  | 'PDK_LIMIT_EXCEEDED'
  | 'PDK_NO_HANDLER'
  | 'PDK_NOT_RUNNING'
  | 'PDK_NOT_FOUND'
  | 'PDK_RELOAD_FAILED'
  | 'PDK_INTEGRITY'
  | 'PDK_SIGNATURE'
  | 'PDK_STORAGE'
  | 'PDK_CIRCUIT_OPEN'
  | 'PDK_HOST_CONFIG'
  | 'PDK_INVALID_ARGUMENT'
  | 'PDK_USAGE'
  | 'PDK_IO'
  | 'PDK_BUILD_FAILED'
  | 'PDK_TEST_FAILED'
  | 'PDK_NO_TESTS'
  | 'PDK_REGISTRY'
  | 'PDK_AUTH'
  | 'PDK_VERSION_EXISTS'
  | 'PDK_TEMPLATE'
  | 'PDK_INSTALL_FAILED'
  | 'PDK_ABORTED'
  | 'PDK_INTERNAL'
  // Codes are open-ended: packages may add their own `PDK_*` codes.
  | (string & {})

/** Where and about what an error happened. Every field is optional and plain data. */
export interface PdkErrorDetails {
  plugin?: string
  version?: string
  /** Lifecycle step or operation in progress (`load`, `init`, `start`, `request`…). */
  step?: string
  file?: string
  /** JSON pointer into `file` (`/pdk/permissions/fs/read/0`). */
  pointer?: string
  line?: number
  column?: number
  [key: string]: unknown
}

/** The plain-data form of a `PdkError`: what crosses isolation boundaries and what `--json` prints. */
export interface PdkErrorData {
  name: 'PdkError'
  code: PdkErrorCode
  message: string
  hint?: string
  details: PdkErrorDetails
  cause?: PdkErrorData | { name: string; message: string; stack?: string }
  stack?: string
}

export interface PdkErrorOptions {
  hint?: string
  details?: PdkErrorDetails
  cause?: unknown
}

/** The one error type of pdk: a stable `code`, a message that says what happened, `details` saying where, and a `hint` saying what to do. */
export class PdkError extends Error {
  override readonly name = 'PdkError'
  readonly code: PdkErrorCode
  readonly hint: string | undefined
  readonly details: PdkErrorDetails

  constructor(code: PdkErrorCode, message: string, options: PdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = options.hint
    this.details = options.details ?? {}
  }

  /** The plain-data form, safe for structured clone and JSON. Stacks are included only when asked. */
  toJSON(options: { stack?: boolean } = {}): PdkErrorData {
    const data: PdkErrorData = {
      name: 'PdkError',
      code: this.code,
      message: this.message,
      details: toPlain(this.details),
    }
    if (this.hint !== undefined) data.hint = this.hint
    if (this.cause !== undefined) data.cause = causeToData(this.cause, options.stack === true)
    if (options.stack && this.stack) data.stack = this.stack
    return data
  }

  /** Rebuilds a `PdkError` from its plain-data form (after crossing a worker or process boundary). */
  static fromJSON(data: PdkErrorData): PdkError {
    const error = new PdkError(data.code, data.message, { hint: data.hint, details: data.details, cause: data.cause })
    if (data.stack) error.stack = data.stack
    return error
  }

  /** Wraps anything thrown into a `PdkError`; a `PdkError` is returned as it is. */
  static from(error: unknown, code: PdkErrorCode = 'PDK_INTERNAL', options: PdkErrorOptions = {}): PdkError {
    if (isPdkError(error)) return error
    const message = error instanceof Error ? error.message : String(error)
    const details: PdkErrorDetails = { ...options.details }
    if (error instanceof Error) {
      details.originalName = error.name
      details.originalMessage = error.message
    }
    return new PdkError(code, message, { ...options, details, cause: error })
  }
}

/** True for a `PdkError` from any copy of `@pdk/core` (checked by shape, not by class identity). */
export function isPdkError(value: unknown): value is PdkError {
  return (
    value instanceof PdkError ||
    (value instanceof Error && value.name === 'PdkError' && typeof (value as { code?: unknown }).code === 'string')
  )
}

/** True for the plain-data form of an error. */
export function isPdkErrorData(value: unknown): value is PdkErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'PdkError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  )
}

function causeToData(cause: unknown, stack: boolean): PdkErrorData['cause'] {
  if (isPdkError(cause)) return cause.toJSON({ stack })
  if (isPdkErrorData(cause)) return cause
  if (cause instanceof Error) {
    const data: { name: string; message: string; stack?: string } = { name: cause.name, message: cause.message }
    if (stack && cause.stack) data.stack = cause.stack
    return data
  }
  return { name: typeof cause, message: String(cause) }
}

function toPlain(details: PdkErrorDetails): PdkErrorDetails {
  try {
    return structuredClone(details)
  } catch {
    return JSON.parse(JSON.stringify(details)) as PdkErrorDetails
  }
}
