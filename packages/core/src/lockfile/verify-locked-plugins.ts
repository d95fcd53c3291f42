import { dirname, resolve } from 'node:path'
import type { Candidate, Refusal } from '../discovery/candidate.js'
import { PdkError } from '../errors.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import { computeDigest } from './compute-digest.js'
import { readLockfile } from './read-lockfile.js'

type Grant = (manifest: PluginPackageJson) => Permissions | undefined

/**
 * Applies a host's lockfile to the plugins discovery found: each plugin the lockfile lists,
 * found at its recorded path, has its digest recomputed before anything of it is loaded (a
 * mismatch, or another version, refuses it with `PDK_INTEGRITY`), and the grants recorded at
 * install replace the host's policy for it. Without a lockfile it changes nothing.
 */
export async function verifyLockedPlugins(
  found: { candidates: Candidate[]; refusals: Refusal[] },
  options: { lockfile?: string | undefined; cwd: string; grant: Grant },
): Promise<{ candidates: Candidate[]; refusals: Refusal[]; grant: Grant }> {
  if (!options.lockfile) return { ...found, grant: options.grant }
  const file = resolve(options.cwd, options.lockfile)
  const lock = await readLockfile(file)
  const base = dirname(file)
  const candidates: Candidate[] = []
  const refusals = [...found.refusals]
  const granted = new Map<string, Permissions>()
  await Promise.all(
    found.candidates.map(async (candidate) => {
      const { name, version } = candidate.manifest
      const entry = lock.plugins[name]
      if (!entry || candidate.dir === undefined || resolve(base, entry.path) !== resolve(candidate.dir)) {
        candidates.push(candidate)
        return
      }
      const digest = await computeDigest(candidate.dir)
      if (entry.version !== version || entry.digest !== digest) {
        const what =
          entry.version !== version
            ? `is version ${version}, but ${entry.version} was installed`
            : 'changed on disk since it was installed'
        const error = new PdkError('PDK_INTEGRITY', `Plugin "${name}" at ${candidate.dir} ${what}; it is not loaded.`, {
          hint: `Reinstall it with \`pdk install ${name}@${entry.version}\` (or \`pdk update ${name}\`); never edit installed plugins in place.`,
          details: { plugin: name, version, step: 'discover', file, expected: entry.digest, found: digest },
        })
        refusals.push({ name, version, kind: candidate.manifest.pdk.kind, dir: candidate.dir, error })
        return
      }
      granted.set(name, entry.granted)
      candidates.push(candidate)
    }),
  )
  // Keep discovery's order: Promise.all above finishes in any order.
  const order = new Map(found.candidates.map((c, i) => [c, i]))
  candidates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  return {
    candidates,
    refusals,
    grant: (manifest) => (granted.has(manifest.name) ? granted.get(manifest.name) : options.grant(manifest)),
  }
}
