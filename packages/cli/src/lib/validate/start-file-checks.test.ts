import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { pluginFiles } from '../../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkFiles } from './check-files.js'
import { checkTargets } from './check-targets.js'
import { type FileChecksInput, startFileChecks } from './start-file-checks.js'

// The worker as `pdk` runs it: the build of this file's folder (tests run after the build).
const BUILT_WORKER = new URL('../../../dist/lib/validate/files-worker.js', import.meta.url)

const dirs: string[] = []
const input = async (files: Record<string, FixtureFile>): Promise<FileChecksInput> => {
  const cwd = await fixtureDir(files)
  dirs.push(cwd)
  const pkg = files['package.json'] as Record<string, unknown>
  return { cwd, pkg, targets: checkTargets(cwd, pkg) }
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeFixture))
})

/** What the built worker posts, without startFileChecks's fallback (which would hide a broken worker). */
function runWorker(data: FileChecksInput): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BUILT_WORKER, { workerData: data })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) without a message`)))
  })
}

// Built at run time so that no secret-looking text sits in the repository.
const npmToken = `npm_${'f6G7h8J9k0'.repeat(3)}ghijkl`
const cases: [string, Record<string, FixtureFile>][] = [
  ['a clean plugin', pluginFiles()],
  ['targets left out of the files', pluginFiles({ change: (pkg) => (pkg.files = ['README.md']) })],
  [
    'secrets by name and by content, and a token in .npmrc',
    pluginFiles({
      change: (pkg) => (pkg.files = ['dist', '.env']),
      files: {
        '.env': 'TOKEN=x\n',
        'dist/config.js': `export const t = '${npmToken}'\n`,
        '.npmrc': `//npm.example.com/:_authToken=${npmToken}\n`,
      },
    }),
  ],
]

describe('startFileChecks', () => {
  it.each(cases)('gives checkFiles’s findings from its worker thread: %s', async (_name, files) => {
    const data = await input(files)
    const inThread = await checkFiles(data.cwd, data.pkg, data.targets)
    expect(await runWorker(data)).toEqual(inThread)
    expect(await startFileChecks(data, BUILT_WORKER)).toEqual(inThread)
  })

  it('falls back to this thread when the worker fails or does not exist', async () => {
    const data = await input(cases[2]?.[1] ?? {})
    const expected = await checkFiles(data.cwd, data.pkg, data.targets)
    expect(expected.map((f) => f.file)).toEqual(['.env', 'dist/config.js', '.npmrc'])
    const broken = join(data.cwd, 'broken-worker.mjs')
    await writeFile(broken, "throw new Error('the worker breaks')\n")
    expect(await startFileChecks(data, pathToFileURL(broken))).toEqual(expected)
    const silent = join(data.cwd, 'silent-worker.mjs')
    await writeFile(silent, 'export {}\n')
    expect(await startFileChecks(data, pathToFileURL(silent))).toEqual(expected)
    expect(await startFileChecks(data, pathToFileURL(join(data.cwd, 'missing.mjs')))).toEqual(expected)
  })

  it('throws what checkFiles throws, and a missing folder is a finding as in this thread', async () => {
    const data = await input(pluginFiles())
    const outcome = (run: Promise<unknown>) =>
      run.then(
        (findings) => ({ findings }),
        (error: Error) => ({ error: `${error.name}: ${error.message}` }),
      )
    // Targets without their list: checkFiles fails in the worker, then again here, with its own error.
    const failing = { ...data, targets: {} as FileChecksInput['targets'] }
    const thrown = await outcome(checkFiles(failing.cwd, failing.pkg, failing.targets))
    expect(thrown).toMatchObject({ error: expect.stringMatching(/^TypeError: /) })
    expect(await outcome(startFileChecks(failing, BUILT_WORKER))).toEqual(thrown)
    const missing = { ...data, cwd: join(data.cwd, 'no-such-folder') }
    const found = await outcome(checkFiles(missing.cwd, missing.pkg, missing.targets))
    expect(found).toMatchObject({ findings: [{ rule: 'package/files', pointer: '/files' }] })
    expect(await outcome(startFileChecks(missing, BUILT_WORKER))).toEqual(found)
  })
})
