import { resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import semver from 'semver'
import { type Progress, silentProgress } from '../render/progress.js'
import { mapLimit } from './registry/map-limit.js'
import { loadNpmConfig } from './registry/npm-config.js'
import { type Packument, type PackumentVersion, readPackument } from './registry/read-packument.js'
import { safeUrl } from './registry/registry-error.js'
import { searchRegistry } from './registry/search-registry.js'

export interface SearchOptions {
  cwd: string
  /** Words to look for in names, descriptions, keywords and capabilities. @default all plugins */
  query?: string
  /** Only plugins of this kind. */
  kind?: string
  /** `NAME@VERSION` of a host: compatible plugins rank first, each with the newest version that fits. */
  host?: string
  /** Results per page. @default 20 */
  limit?: number
  /** Results to skip (pagination). @default 0 */
  from?: number
  /** Packuments read at once. @default 8 */
  concurrency?: number
  registry?: string
  progress?: Progress
}

/** One plugin found. */
export interface SearchResult {
  name: string
  /** The latest version, or with `host` the newest compatible one. */
  version: string
  latest: string
  description: string
  kind: string
  host: { name: string; range: string } | undefined
  capabilities: string[]
  /** With `host`: whether some version fits it; otherwise null. */
  compatible: boolean | null
  /** Text relevance of the query (0 when there is none). */
  relevance: number
}

/** A page of marketplace results. */
export interface SearchPluginsResult {
  ok: true
  query: string
  registry: string
  kind: string | undefined
  host: string | undefined
  /** Plugins matching, before pagination. */
  total: number
  from: number
  limit: number
  results: SearchResult[]
}

/**
 * Marketplace search: the registry's search API limited to the keyword `pdk-plugin`, then
 * each hit's packument read (bounded concurrency) to keep real plugins, filter by kind and
 * rank by host compatibility, then text relevance, then the registry's score.
 */
export async function searchPlugins(options: SearchOptions): Promise<SearchPluginsResult> {
  const progress = options.progress ?? silentProgress
  const query = (options.query ?? '').trim()
  const limit = options.limit ?? 20
  const from = options.from ?? 0
  if (!Number.isInteger(limit) || limit < 1)
    throw new PdkError('PDK_USAGE', `--limit must be a positive integer, not ${limit}.`)
  if (!Number.isInteger(from) || from < 0) throw new PdkError('PDK_USAGE', `--from must be 0 or more, not ${from}.`)
  const host = options.host ? parseHost(options.host) : undefined
  const npm = await loadNpmConfig({ cwd: resolve(options.cwd), registry: options.registry })
  // Search results carry no auth-sensitive data; caching them would cost more than it saves.
  const { hits } = await progress.task(`Search ${safeUrl(npm.registry)}`, () => searchRegistry(query, npm))
  // Hits that show their keywords and lack pdk-plugin are no plugins: skip their packuments.
  const candidates = hits.filter((h) => !h.keywords || h.keywords.includes('pdk-plugin'))
  const packuments = await progress.task(`Read ${candidates.length} packuments`, () =>
    mapLimit(candidates, options.concurrency ?? 8, (h) => readPackument(h.name, npm, { cache: false })),
  )
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean)
  const results: (SearchResult & { score: number })[] = []
  candidates.forEach((hit, i) => {
    const found = toResult(packuments[i], host, terms)
    if (!found) return
    if (options.kind && found.kind !== options.kind) return
    results.push({ ...found, score: hit.score })
  })
  results.sort(
    (a, b) =>
      rankCompat(b.compatible) - rankCompat(a.compatible) ||
      b.relevance - a.relevance ||
      b.score - a.score ||
      a.name.localeCompare(b.name),
  )
  return {
    ok: true,
    query,
    registry: safeUrl(npm.registry),
    kind: options.kind,
    host: options.host,
    total: results.length,
    from,
    limit,
    results: results.slice(from, from + limit).map(({ score: _score, ...r }) => r),
  }
}

function rankCompat(compatible: boolean | null): number {
  return compatible === true ? 2 : compatible === null ? 1 : 0
}

function parseHost(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@')
  const name = at > 0 ? spec.slice(0, at) : ''
  const version = at > 0 ? spec.slice(at + 1) : ''
  if (!name || !semver.valid(version)) {
    throw new PdkError('PDK_USAGE', `--host "${spec}" is not NAME@VERSION with an exact semver version.`, {
      hint: 'Pass the host and its API version, e.g. `--host example-host@1.0.0`.',
    })
  }
  return { name, version }
}

function toResult(
  packument: Packument | undefined,
  host: { name: string; version: string } | undefined,
  terms: string[],
): SearchResult | undefined {
  const latestVersion = packument?.['dist-tags']?.latest
  const latest = latestVersion ? packument?.versions?.[latestVersion] : undefined
  if (!packument || !latest || !isPlugin(latest)) return undefined
  let shown = latest
  let compatible: boolean | null = null
  if (host) {
    const fitting = Object.values(packument.versions ?? {})
      .filter((v) => isPlugin(v) && !v.deprecated && fits(v, host))
      .sort((a, b) => semver.rcompare(a.version, b.version))[0]
    compatible = fitting !== undefined
    if (fitting) shown = fitting
  }
  const pdk = shown.pdk as { kind?: unknown; host?: { name?: unknown; range?: unknown }; capabilities?: unknown }
  const capabilities = Array.isArray(pdk.capabilities) ? pdk.capabilities.filter((c) => typeof c === 'string') : []
  const result: SearchResult = {
    name: shown.name,
    version: shown.version,
    latest: latest.version,
    description: shown.description ?? '',
    kind: typeof pdk.kind === 'string' ? pdk.kind : 'unknown',
    host:
      typeof pdk.host?.name === 'string' && typeof pdk.host.range === 'string'
        ? { name: pdk.host.name, range: pdk.host.range }
        : undefined,
    capabilities,
    compatible,
    relevance: 0,
  }
  result.relevance = relevance(result, shown.keywords ?? [], terms)
  return result
}

function isPlugin(v: PackumentVersion): boolean {
  return Array.isArray(v.keywords) && v.keywords.includes('pdk-plugin') && typeof v.pdk === 'object' && v.pdk !== null
}

function fits(v: PackumentVersion, host: { name: string; version: string }): boolean {
  const h = (v.pdk as { host?: { name?: unknown; range?: unknown } }).host
  return (
    h?.name === host.name &&
    typeof h.range === 'string' &&
    semver.satisfies(host.version, h.range, { includePrerelease: true })
  )
}

/** Name matches weigh most, then keywords and capabilities, then the description. */
function relevance(r: SearchResult, keywords: string[], terms: string[]): number {
  let score = 0
  const name = r.name.toLowerCase()
  const bare = name.replace(/^@[^/]+\//, '').replace(/^pdk-plugin-/, '')
  const words = new Set([...keywords, ...r.capabilities].map((k) => k.toLowerCase()))
  const description = r.description.toLowerCase()
  for (const t of terms) {
    if (bare === t || name === t) score += 10
    else if (name.includes(t)) score += 5
    if (words.has(t)) score += 3
    else if ([...words].some((w) => w.includes(t))) score += 1
    if (description.includes(t)) score += 2
  }
  return score
}
