import type { Finding } from '@pdk/core'
import type { PackageJson } from './read-package.js'

const LOCAL = /^(workspace|link|file):/

/**
 * `workspace:`, `link:` and `file:` specifiers in the fields a consumer installs: a published
 * plugin must install on its own, from the registry.
 */
export function checkSpecifiers(pkg: PackageJson, file = 'package.json'): Finding[] {
  const findings: Finding[] = []
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (typeof spec === 'string' && LOCAL.test(spec)) {
        findings.push({
          rule: 'package/local-specifier',
          severity: 'error',
          message: `"${name}" in ${field} is "${spec}", which only resolves on this machine.`,
          pointer: `/${field}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
          file,
          found: spec,
          expected: 'a semver range or an npm tag',
          hint: `Use a published version range (e.g. "^1.0.0"); \`pnpm publish\` rewrites workspace: ranges, \`pdk pack\` does not.`,
        })
      }
    }
  }
  return findings
}
