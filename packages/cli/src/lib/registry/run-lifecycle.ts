import { PdkError } from '@pdk/core'
import type { PackageJson } from './read-package.js'

/**
 * Runs a package's own lifecycle script (`prepack`, `prepare`…) the way npm does, with
 * @npmcli/run-script: `node_modules/.bin` on PATH and npm's `npm_*` environment. Output is
 * captured, never passed through (spec/cli.md: `--json` keeps stdout clean), and shown on failure.
 */
export async function runLifecycle(dir: string, pkg: PackageJson, event: string): Promise<boolean> {
  if (!pkg.scripts?.[event]) return false
  const { default: runScript } = await import('@npmcli/run-script')
  try {
    await runScript({ event, path: dir, pkg, stdio: 'pipe', scriptShell: undefined })
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')
    throw new PdkError(
      'PDK_BUILD_FAILED',
      `The "${event}" script of ${pkg.name}@${pkg.version} failed (exit ${e.code ?? '?'}).${output ? `\n${output}` : ''}`,
      {
        hint: `Run \`npm run ${event}\` in ${dir} to see it fail, fix it, and publish again.`,
        details: { file: `${dir}/package.json`, pointer: `/scripts/${event}`, step: event },
        cause: error,
      },
    )
  }
  return true
}
