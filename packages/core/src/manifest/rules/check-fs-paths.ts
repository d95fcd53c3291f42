import { posix } from 'node:path'
import { quote } from '../describe-value.js'
import type { ManifestRuleId } from '../manifest-rules.js'
import { isObject, type RuleContext, stringItems } from '../rule-context.js'

/** What is wrong with a `permissions.fs` path, if anything; the first problem only. */
export function fsPathProblem(path: string): Extract<ManifestRuleId, `manifest/fs-${string}`> | undefined {
  if (path.trim() === '') return 'manifest/fs-empty'
  if (/^(?:[/~]|[A-Za-z]:|\\\\|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(path)) return 'manifest/fs-absolute'
  if (path.includes('\\')) return 'manifest/fs-posix'
  const normal = posix.normalize(path)
  if (normal === '..' || normal.startsWith('../')) return 'manifest/fs-escape'
  return undefined
}

const BASES = {
  read: { folder: 'the package folder', example: './assets' },
  write: { folder: "the plugin's data folder (ctx.plugin.dataDir)", example: './cache' },
} as const

/** `manifest/fs-empty`, `fs-absolute`, `fs-posix`, `fs-escape`: relative POSIX paths that stay inside their base. */
export function checkFsPaths({ pdk, report }: RuleContext): void {
  const permissions = pdk?.permissions
  const fs = isObject(permissions) ? permissions.fs : undefined
  if (!isObject(fs)) return
  for (const mode of ['read', 'write'] as const) {
    const { folder, example } = BASES[mode]
    for (const [path, pointer] of stringItems(fs[mode], `/pdk/permissions/fs/${mode}`)) {
      const rule = fsPathProblem(path)
      if (rule === undefined) continue
      const label = `pdk.permissions.fs.${mode}`
      const expected = `a relative POSIX path inside ${folder}, such as ${quote(example)}`
      const common = { rule, pointer, expected, found: quote(path) }
      if (rule === 'manifest/fs-empty') {
        report({
          ...common,
          message: `${label} has an empty path; it would mean nothing, or all of ${folder}.`,
          hint: `Write "." for all of ${folder}, or remove the entry.`,
        })
      } else if (rule === 'manifest/fs-absolute') {
        report({
          ...common,
          message: `${label} path ${quote(path)} is absolute; ${mode} paths are relative to ${folder}.`,
          hint: `Write a path relative to ${folder}, such as ${quote(example)}. A plugin cannot ask for files outside its own folders.`,
        })
      } else if (rule === 'manifest/fs-posix') {
        report({
          ...common,
          message: `${label} path ${quote(path)} uses "\\"; manifest paths use "/" on every platform.`,
          hint: `Write it as ${quote(path.replaceAll('\\', '/'))}.`,
        })
      } else {
        report({
          ...common,
          message: `${label} path ${quote(path)} leaves ${folder} (it normalises to ${quote(posix.normalize(path))}).`,
          hint: `Keep the path inside ${folder}: remove the "../" parts, for example ${quote(example)}.`,
        })
      }
    }
  }
}
