import { PdkError } from '@pdk/core'

/** What was being done when a registry call failed, for the message. */
export interface RegistryAction {
  /** `fetch`, `publish`, `search`… */
  action: string
  registry: string
  name?: string
  version?: string
}

/**
 * Turns an npm-registry-fetch / pacote / fetch failure into a `PdkError` that names the
 * package, version and registry and says what to do: unreachable (PDK_REGISTRY), 401/403
 * (PDK_AUTH), 404 (PDK_NOT_FOUND), 409 (PDK_VERSION_EXISTS), integrity (PDK_INTEGRITY).
 * Never includes request headers, so tokens stay out of messages.
 */
export function registryError(error: unknown, what: RegistryAction): PdkError {
  const e = error as { code?: string; statusCode?: number; message?: string; errno?: string }
  const subject = what.name ? `"${what.name}${what.version ? `@${what.version}` : ''}"` : 'the request'
  const registry = safeUrl(what.registry)
  const details = { registry, plugin: what.name, version: what.version, status: e.statusCode, reason: e.code }
  const status = e.statusCode ?? Number(/^E(\d{3})$/.exec(e.code ?? '')?.[1] ?? 0)
  if (e.code === 'EINTEGRITY') {
    return new PdkError(
      'PDK_INTEGRITY',
      `The tarball of ${subject} from ${registry} does not match the integrity the registry recorded.`,
      {
        hint: 'The tarball was changed after publishing or in transit: do not install it; tell the publisher or the registry operator.',
        details,
        cause: error,
      },
    )
  }
  if (status === 401 || status === 403) {
    return new PdkError(
      'PDK_AUTH',
      `${registry} refused to ${what.action} ${subject} (HTTP ${status}: ${status === 401 ? 'not logged in' : 'forbidden'}).`,
      {
        hint:
          status === 401
            ? `Log in with \`npm login --registry ${registry}\` (or set a token for it in .npmrc), then try again.`
            : `Your user may not ${what.action} ${subject} there: check the package's access and your token's permissions (and --otp for 2FA).`,
        details,
        cause: error,
      },
    )
  }
  if (status === 404) {
    return new PdkError('PDK_NOT_FOUND', `${subject} is not in the registry ${registry}.`, {
      hint: 'Check the name and version (`pdk search` lists plugins), and that --registry points where it was published.',
      details,
      cause: error,
    })
  }
  if (status === 409) {
    return new PdkError('PDK_VERSION_EXISTS', `${registry} already has ${subject}.`, {
      hint: 'Published versions never change: bump "version" in package.json (e.g. `npm version patch`) and publish again.',
      details,
      cause: error,
    })
  }
  const unreachable = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'ECONNRESET',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'FETCH_ERROR',
  ]
  if (unreachable.includes(e.code ?? '') || unreachable.includes(e.errno ?? '')) {
    return new PdkError(
      'PDK_REGISTRY',
      `Cannot reach the registry ${registry} to ${what.action} ${subject} (${e.code ?? e.errno}).`,
      {
        hint: 'Check that the registry is running and the URL is right (--registry, or `registry` in .npmrc); `pdk doctor` checks it.',
        details,
        cause: error,
      },
    )
  }
  return new PdkError(
    'PDK_REGISTRY',
    `The registry ${registry} failed to ${what.action} ${subject}${status ? ` (HTTP ${status})` : ''}: ${firstLine(e.message)}.`,
    {
      hint: 'Try again; if it keeps failing, `pdk doctor` checks the registry and your configuration.',
      details,
      cause: error,
    },
  )
}

/** A URL without user info or query, safe to print. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    return u.toString()
  } catch {
    return url
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown error').split('\n')[0]?.replace(/\.$/, '') ?? ''
}
