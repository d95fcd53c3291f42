import { PdkError } from '@pdk/core'
import semver from 'semver'
import { type NpmOptions, registryFor } from './npm-config.js'
import { readPackument } from './read-packument.js'
import { safeUrl } from './registry-error.js'

/** The next free patch version after every version of the packument and `version`. */
export function nextVersion(version: string, published: readonly string[]): string {
  const highest = [version, ...published].filter((v) => semver.valid(v)).sort(semver.rcompare)[0] ?? version
  return semver.inc(highest, semver.prerelease(highest) ? 'prerelease' : 'patch') ?? `${version}-1`
}

/**
 * Refuses, before anything is built or sent, a version the registry already holds, with the
 * next free version suggested. Resolves the versions already published.
 */
export async function checkNotPublished(name: string, version: string, npm: NpmOptions): Promise<string[]> {
  const packument = await readPackument(name, npm)
  const versions = Object.keys(packument?.versions ?? {})
  if (versions.includes(version)) {
    const next = nextVersion(version, versions)
    throw new PdkError('PDK_VERSION_EXISTS', `${safeUrl(registryFor(name, npm))} already has "${name}@${version}".`, {
      hint: `Published versions never change: set "version" to "${next}" in package.json (\`npm version ${next}\`) and publish again.`,
      details: { plugin: name, version, next, file: 'package.json', pointer: '/version' },
    })
  }
  return versions
}
