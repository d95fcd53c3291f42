import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestTooling } from './test-types.js'

/**
 * Finds the vitest and `@pdk/testing/setup` to run a project's tests with. Both come from the
 * project when it has vitest, because its test files import `vitest` and `@pdk/testing` from
 * there and a second copy of vitest would register the matchers on an `expect` nobody uses.
 * pdk's own copies serve a project that has no vitest.
 */
export function resolveTestTooling(cwd: string): TestTooling {
  const project = createRequire(join(cwd, 'package.json'))
  const projectVitest = tryResolve(project, 'vitest/package.json')
  if (projectVitest !== undefined) {
    return {
      source: 'project',
      vitestVersion: versionOf(projectVitest),
      vitestNode: project.resolve('vitest/node'),
      setupFile: setupFileFrom(project),
    }
  }
  const own = createRequire(import.meta.url)
  const ownVitest = own.resolve('vitest/package.json')
  return {
    source: 'pdk',
    vitestVersion: versionOf(ownVitest),
    vitestNode: own.resolve('vitest/node'),
    setupFile: setupFileFrom(own) ?? fileURLToPath(import.meta.resolve('@pdk/testing/setup')),
  }
}

// `@pdk/testing/setup` is exported for `import` only, which `require.resolve` does not see: go
// through its package.json instead.
function setupFileFrom(require: NodeJS.Require): string | undefined {
  const manifest = tryResolve(require, '@pdk/testing/package.json')
  if (manifest === undefined) return undefined
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> }
  const entry = pkg.exports?.['./setup']
  const target =
    typeof entry === 'string'
      ? entry
      : ((entry as { import?: string; default?: string } | undefined)?.import ??
        (entry as { default?: string } | undefined)?.default)
  return target === undefined ? undefined : join(dirname(manifest), target)
}

function tryResolve(require: NodeJS.Require, id: string): string | undefined {
  try {
    return require.resolve(id)
  } catch {
    return undefined
  }
}

function versionOf(manifest: string): string {
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}
