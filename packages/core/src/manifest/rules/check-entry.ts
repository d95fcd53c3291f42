import { posix } from 'node:path'
import { quote } from '../describe-value.js'
import { resolveManifestEntry } from '../resolve-entry.js'
import type { RuleContext } from '../rule-context.js'

function entryProblem(path: string): { problem: string; hint: string } | undefined {
  if (/^(?:[/~]|[A-Za-z]:|\\\\)/.test(path)) {
    return { problem: 'it is absolute', hint: 'Write it relative to the package folder, such as "./dist/index.js".' }
  }
  if (path.includes('\\'))
    return { problem: 'it uses "\\"', hint: `Write it with "/": ${quote(path.replaceAll('\\', '/'))}.` }
  const normal = posix.normalize(path)
  if (normal === '..' || normal.startsWith('../')) {
    return {
      problem: 'it leaves the package folder',
      hint: 'Point at a file inside the package, such as "./dist/index.js".',
    }
  }
  const extension = posix.extname(path)
  if (['.ts', '.mts', '.cts', '.tsx'].includes(extension)) {
    return {
      problem: 'it is TypeScript source',
      hint: `Point at the built JavaScript, such as ${quote(path.replace(/^(\.\/)?src\//, '$1dist/').replace(/\.[mc]?tsx?$/, '.js'))}, and run \`pdk build\`.`,
    }
  }
  if (extension === '.cjs')
    return {
      problem: 'it is CommonJS',
      hint: 'Plugins are ES modules: build to a .js (with "type": "module") or .mjs file.',
    }
  if (extension !== '.js' && extension !== '.mjs') {
    return {
      problem: 'it is not a .js or .mjs file',
      hint: 'Name the file in full, with its extension, such as "./dist/index.js".',
    }
  }
  return undefined
}

/** `manifest/entry-path` and `manifest/entry-missing`: there is an entry, and it is a relative path to an ES module. */
export function checkEntry({ pkg, pdk, report }: RuleContext): void {
  if (!pdk) return
  const entry = resolveManifestEntry(pkg)
  if (entry === undefined) {
    report({
      rule: 'manifest/entry-missing',
      pointer: '/pdk',
      message: 'The plugin has no entry: none of pdk.entry, exports["."] (import) or main is set.',
      expected: 'pdk.entry, exports["."].import or main',
      found: 'none of them',
      hint: 'Add "entry": "./dist/index.js" to "pdk", or an "exports" map whose "." has an "import" condition.',
    })
    return
  }
  const problem = entryProblem(entry.path)
  if (!problem) return
  const field = entry.pointer === '/pdk/entry' ? 'pdk.entry' : entry.pointer === '/main' ? 'main' : 'exports["."]'
  report({
    rule: 'manifest/entry-path',
    pointer: entry.pointer,
    message: `The plugin's entry (${field}) ${quote(entry.path)} cannot be loaded as a plugin: ${problem.problem}.`,
    expected: 'a relative path to a .js or .mjs file inside the package',
    found: quote(entry.path),
    hint: problem.hint,
  })
}
