import { PdkError } from '@pdk/core'
import semver from 'semver'
import type { Packument } from '../registry/read-packument.js'
import { type FitContext, fitProblem } from './check-plugin-fit.js'

/**
 * The highest published version of a plugin that matches `range` (a range or a dist-tag) and
 * fits the host (`fitProblem`). When none fits, the error says why the best candidate does not.
 */
export function pickVersion(packument: Packument, range: string, ctx: FitContext): string {
  const versions = Object.keys(packument.versions ?? {}).filter((v) => semver.valid(v))
  const tagged = packument['dist-tags']?.[range]
  const wanted = tagged
    ? [tagged]
    : versions.filter((v) => semver.satisfies(v, range || '*', { includePrerelease: false }) || v === range)
  if (wanted.length === 0) {
    const published = versions.sort(semver.rcompare).slice(0, 8).join(', ') || 'none'
    throw new PdkError(
      'PDK_NOT_FOUND',
      `No version of "${packument.name}" matches "${range}" (published: ${published}).`,
      {
        hint: `Ask for a published version, e.g. \`pdk install ${packument.name}@${versions[0] ?? 'latest'}\`.`,
        details: { plugin: packument.name, range, versions },
      },
    )
  }
  const sorted = wanted.sort(semver.rcompare)
  let first: PdkError | undefined
  for (const version of sorted) {
    const manifest = packument.versions?.[version]
    if (!manifest || (manifest.deprecated && semver.valid(range) === null)) continue
    const problem = fitProblem(manifest, ctx)
    if (!problem) return version
    first ??= problem
  }
  if (first && sorted.length > 1 && first.code === 'PDK_HOST_INCOMPATIBLE') {
    throw new PdkError(
      first.code,
      `No version of "${packument.name}" matching "${range || '*'}" fits ${ctx.host.name}@${ctx.host.version}; the newest, ${first.message}`,
      { hint: first.hint, details: { ...first.details, tried: sorted } },
    )
  }
  throw (
    first ??
    new PdkError('PDK_NOT_FOUND', `Every version of "${packument.name}" matching "${range}" is deprecated.`, {
      hint: `Ask for an exact version to install a deprecated one: \`pdk install ${packument.name}@${sorted[0]}\`.`,
      details: { plugin: packument.name, range },
    })
  )
}
