import { PdkError } from '@pdk/core'
import { fetchRegistryText } from './fetch-registry-json.js'
import type { NpmOptions } from './npm-config.js'
import { registryError, safeUrl } from './registry-error.js'

/** One hit of the registry's search API (`/-/v1/search`). */
export interface SearchHit {
  name: string
  version?: string
  description?: string
  keywords?: string[]
  /** The registry's own score, used to break ties. */
  score: number
}

const PAGE = 250
const MAX_HITS = 2000

/**
 * Every hit of the registry's documented search API for `text`, page by page (up to 2000).
 * The npm registry honours the `keywords:pdk-plugin` qualifier; registries that do not
 * (Verdaccio answers nothing for it) are asked again with the plain text, and the caller
 * filters on the client.
 */
export async function searchRegistry(
  text: string,
  npm: NpmOptions,
): Promise<{ hits: SearchHit[]; qualified: boolean }> {
  const qualified = await allPages(`${text} keywords:pdk-plugin`.trim(), npm)
  if (qualified.length > 0) return { hits: qualified, qualified: true }
  return { hits: await allPages(text.trim(), npm), qualified: false }
}

async function allPages(text: string, npm: NpmOptions): Promise<SearchHit[]> {
  const hits: SearchHit[] = []
  for (let from = 0; from < MAX_HITS; from += PAGE) {
    const page = await searchPage(text, from, npm)
    hits.push(...page.hits)
    if (page.hits.length < PAGE || hits.length >= page.total) break
  }
  return hits
}

async function searchPage(text: string, from: number, npm: NpmOptions): Promise<{ hits: SearchHit[]; total: number }> {
  const { default: fetch } = await import('npm-registry-fetch')
  const url = `/-/v1/search?text=${encodeURIComponent(text)}&size=${PAGE}&from=${from}`
  let body: string
  try {
    const direct = await fetchRegistryText(`${npm.registry}${url.slice(1)}`, npm)
    if (direct) body = direct.text
    else {
      const response = await fetch(url, { ...npm, cache: undefined, preferOnline: true })
      body = await response.text()
    }
  } catch (error) {
    throw registryError(error, { action: 'search', registry: npm.registry })
  }
  let data: { objects?: unknown; total?: unknown }
  try {
    data = JSON.parse(body) as typeof data
  } catch {
    throw new PdkError(
      'PDK_REGISTRY',
      `The registry ${safeUrl(npm.registry)} answered the search for "${text}" with something that is not JSON: ${JSON.stringify(body.slice(0, 60))}.`,
      {
        hint: 'Check that --registry (or `registry` in .npmrc) points at an npm registry, not a web page or a proxy error.',
        details: { registry: safeUrl(npm.registry) },
      },
    )
  }
  if (!Array.isArray(data.objects)) {
    throw new PdkError(
      'PDK_REGISTRY',
      `The registry ${safeUrl(npm.registry)} answered the search without an "objects" list.`,
      {
        hint: 'This registry may not implement the npm search API (/-/v1/search).',
        details: { registry: safeUrl(npm.registry) },
      },
    )
  }
  const hits = (
    data.objects as Array<{ package?: Record<string, unknown>; score?: { final?: number }; searchScore?: number }>
  )
    .filter((o) => typeof o.package?.name === 'string')
    .map((o) => {
      const p = o.package as Record<string, unknown>
      const tags = p['dist-tags'] as Record<string, string> | undefined
      return {
        name: p.name as string,
        version: (typeof p.version === 'string' ? p.version : tags?.latest) ?? undefined,
        description: typeof p.description === 'string' ? p.description : undefined,
        keywords: Array.isArray(p.keywords) ? (p.keywords as string[]) : undefined,
        score: typeof o.score?.final === 'number' ? o.score.final : 0,
      }
    })
  return { hits, total: typeof data.total === 'number' ? data.total : hits.length }
}
