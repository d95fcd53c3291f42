import validRange from 'semver/ranges/valid.js'
import validateName from 'validate-npm-package-name'

/** Package managers `pdk init` installs with. */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn'] as const
export type PackageManagerName = (typeof PACKAGE_MANAGERS)[number]

// Each check returns what is wrong (a sentence), or undefined: the prompts show the same text.

/** npm's rules for a new package name. */
export function nameProblem(name: string): string | undefined {
  const result = validateName(name)
  if (result.validForNewPackages) return undefined
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])]
  return `"${name}" is not a valid npm package name: ${reasons.join('; ')}`
}

/** `NAME@RANGE`, parsed; the range must be a valid semver range. */
export function parseHost(text: string): { name: string; range: string } | { problem: string } {
  const at = text.lastIndexOf('@')
  if (at <= 0) return { problem: `"${text}" is not NAME@RANGE (for example example-host@^1.0.0)` }
  const name = text.slice(0, at)
  const range = text.slice(at + 1)
  if (!/^[A-Za-z0-9@][A-Za-z0-9._/@-]*$/.test(name)) return { problem: `"${name}" in "${text}" is not a host name` }
  if (range === '' || validRange(range) === null) {
    return { problem: `"${range}" in "${text}" is not a semver range (for example ^1.0.0)` }
  }
  return { name, range }
}

/** A plugin kind: a built-in one or one a host declares. */
export function kindProblem(kind: string): string | undefined {
  return /^[a-z][a-z0-9-]*$/.test(kind)
    ? undefined
    : `"${kind}" is not a kind: use a lowercase word such as extension, system or integration`
}

/** A one-line description. */
export function descriptionProblem(text: string): string | undefined {
  if (text.trim() === '') return 'the description is empty'
  if (text.length > 300) return `the description is ${text.length} characters long; keep it under 300`
  if (/[\r\n]/.test(text)) return 'the description must be one line'
  return undefined
}

/** An SPDX license expression, `UNLICENSED`, or `SEE LICENSE IN <file>`. */
export function licenseProblem(text: string): string | undefined {
  if (text === 'UNLICENSED' || /^SEE LICENSE IN \S+$/.test(text)) return undefined
  const token = '\\(*[A-Za-z0-9][A-Za-z0-9.+-]*\\)*'
  if (new RegExp(`^${token}(\\s+(AND|OR|WITH)\\s+${token})*$`).test(text)) return undefined
  return `"${text}" is not an SPDX license expression (for example MIT, Apache-2.0 or MIT OR Apache-2.0)`
}

/** An author, as npm's `author` field takes it on one line. */
export function authorProblem(text: string): string | undefined {
  return /[\r\n]/.test(text)
    ? 'the author must be one line'
    : text.length > 200
      ? 'the author is over 200 characters'
      : undefined
}
