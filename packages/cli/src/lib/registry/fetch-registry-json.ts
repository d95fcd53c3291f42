import type { NpmOptions } from './npm-config.js'

type GetAuth = (
  uri: string,
  opts: Record<string, unknown>,
) => { token?: string | null; auth?: string | null; isBasicAuth?: boolean; cert?: unknown }

/**
 * GETs JSON from a registry with Node's own fetch and the credentials npm-registry-fetch would
 * send (its `getAuth` reads them from npm's configuration). For many small reads (search)
 * this skips make-fetch-happen's per-request machinery. Returns undefined when npm's
 * configuration needs what plain fetch cannot do (proxies, client certificates, custom CAs,
 * relaxed TLS): the caller then uses npm-registry-fetch itself.
 */
export async function fetchRegistryJson(
  url: string,
  npm: NpmOptions,
): Promise<{ status: number; body: unknown } | undefined> {
  const response = await fetchRegistryText(url, npm)
  return response && { status: response.status, body: JSON.parse(response.text) }
}

/** Like `fetchRegistryJson`, the body as text (for answers that may not be JSON). */
export async function fetchRegistryText(
  url: string,
  npm: NpmOptions,
): Promise<{ status: number; text: string } | undefined> {
  if (npm.proxy || npm.httpsProxy || npm['https-proxy'] || npm.ca || npm.cafile || npm.strictSSL === false)
    return undefined
  const { default: registryFetch } = await import('npm-registry-fetch')
  const auth = (registryFetch as unknown as { getAuth: GetAuth }).getAuth(url, npm as Record<string, unknown>)
  if (auth.cert) return undefined
  const headers: Record<string, string> = { accept: 'application/json' }
  if (auth.token) headers.authorization = `Bearer ${auth.token}`
  else if (auth.auth) headers.authorization = `Basic ${auth.auth}`
  let response: Response
  try {
    response = await fetch(url, { headers })
  } catch (error) {
    // Shaped like npm-registry-fetch's errors, so registryError maps them the same way.
    const cause = (error as { cause?: { code?: string } }).cause
    throw Object.assign(new Error(`request to ${url} failed: ${cause?.code ?? (error as Error).message}`), {
      code: cause?.code ?? 'FETCH_ERROR',
    })
  }
  const text = await response.text()
  if (!response.ok) {
    throw Object.assign(new Error(`${response.status} ${response.statusText} - GET ${url}`), {
      statusCode: response.status,
      code: `E${response.status}`,
    })
  }
  return { status: response.status, text }
}
