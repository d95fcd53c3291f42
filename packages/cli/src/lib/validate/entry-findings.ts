import type { Finding } from '@pdk/core'
import type { EntryCheckResult } from './check-entry.js'
import type { Target } from './entry-targets.js'

const OUTPUT_IN_MESSAGE = 600

/** `package/entry-export`, `package/entry-load`, `package/entry-timeout`: what loading the built entry showed, as findings. */
export function entryFindings(result: EntryCheckResult, entry: Target): Finding[] {
  const where = { file: 'package.json', pointer: entry.pointer }
  const name = `"${entry.target}"`
  const output = result.output ? `\nIts output: ${tail(result.output)}` : ''
  switch (result.status) {
    case 'plugin':
      return []
    case 'not-plugin': {
      const found =
        result.defaultType === 'missing'
          ? `no default export${result.exports.length ? ` (it exports ${result.exports.map((e) => `"${e}"`).join(', ')})` : ''}`
          : `a default export that is ${article(result.defaultType)} but not a plugin definition`
      return [
        {
          rule: 'package/entry-export',
          severity: 'error',
          ...where,
          message: `The entry ${name} has ${found}.`,
          expected: 'export default definePlugin({ ... })',
          found: result.defaultType === 'missing' ? 'no default export' : `default export: ${result.defaultType}`,
          hint: "Wrap the plugin in definePlugin from '@pdk/core' and export it as the default: `export default definePlugin({ ... })`.",
        },
      ]
    }
    case 'threw': {
      const { error } = result
      const denied = error.code === 'ERR_ACCESS_DENIED'
      const missing = error.code === 'ERR_MODULE_NOT_FOUND'
      const what = denied
        ? `tried something the validation sandbox forbids (${[error.permission, error.resource].filter(Boolean).join(' ') || 'a denied operation'})`
        : `threw ${error.name}: ${error.message}`
      return [
        {
          rule: 'package/entry-load',
          severity: 'error',
          ...where,
          message: `Loading the entry ${name} failed: it ${what}.${output}`,
          found: `${error.name}${error.code ? ` [${error.code}]` : ''}: ${error.message}`,
          hint: denied
            ? 'Loading the entry must only define the plugin: pdk validate loads it with read access to the package and its dependencies, and no writes, child processes or workers. Do such work in setup/start, where the host grants the permissions the manifest asks for.'
            : missing
              ? 'Install the dependencies, and list every package the entry imports in "dependencies" or "peerDependencies" (dev dependencies are not installed for users).'
              : `Fix what the entry does when it is imported (try \`node -e "import('${entry.target}')"\` in the project).`,
        },
      ]
    }
    case 'timeout':
      return [
        {
          rule: 'package/entry-timeout',
          severity: 'error',
          ...where,
          message: `The entry ${name} did not finish loading within ${result.timeoutMs} ms, so validate stopped it.${output}`,
          hint: 'Loading the entry must only define the plugin: move waiting, polling and connecting into setup/start, and do not await anything slow at the top level.',
        },
      ]
    case 'exited':
      return [
        {
          rule: 'package/entry-load',
          severity: 'error',
          ...where,
          message: `The entry ${name} ended its process while loading (${result.signal ? `signal ${result.signal}` : `exit code ${result.code}`}) before it could be checked.${output}`,
          hint: 'Do not call process.exit() or crash the process at import time: a host loads plugins into its own process.',
        },
      ]
  }
}

function tail(text: string): string {
  return text.length > OUTPUT_IN_MESSAGE ? `…${text.slice(-OUTPUT_IN_MESSAGE)}` : text
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}
