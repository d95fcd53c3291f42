import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginFiles } from '../../../test/fixtures/validate/plugin-files.js'
import { fixtureDir, PACKAGES_DIR, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkEntry } from './check-entry.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

/** Loads `entry` as dist/index.js of an otherwise valid plugin. */
async function load(entry: string, timeoutMs = 10_000) {
  const cwd = await fixtureDir(pluginFiles({ files: { 'dist/index.js': entry } }))
  dirs.push(cwd)
  return { cwd, result: await checkEntry(cwd, join(cwd, 'dist/index.js'), timeoutMs) }
}

describe('checkEntry', () => {
  it('recognises a plugin definition made by @pdk/core through a workspace link outside the project', async () => {
    const { cwd, result } = await load("import { definePlugin } from '@pdk/core'\nexport default definePlugin({})\n")
    expect(result).toMatchObject({ status: 'plugin', defaultType: 'object', exports: ['default'] })
    // What it loaded outside node_modules (the cache keys on those files): the entry and the linked @pdk/core.
    const files = 'files' in result ? (result.files ?? []) : []
    expect(files).toContain(join(cwd, 'dist/index.js'))
    expect(files).toContain(join(PACKAGES_DIR, 'core', 'dist', 'index.js'))
    expect(files.some((f) => f.includes('/node_modules/'))).toBe(false)
  })
  it('tells a plain default export and a missing one apart', async () => {
    expect((await load('export default { messages: {} }\n')).result).toMatchObject({
      status: 'not-plugin',
      defaultType: 'object',
    })
    expect((await load('export const a = 1\nexport function b() {}\n')).result).toMatchObject({
      status: 'not-plugin',
      defaultType: 'missing',
      exports: ['a', 'b'],
    })
  })
  it('reports what an entry throws at import', async () => {
    const { result } = await load("throw new RangeError('boom at import')\n")
    expect(result).toMatchObject({ status: 'threw', error: { name: 'RangeError', message: 'boom at import' } })
  })
  it('stops an entry that never finishes loading', async () => {
    const { result } = await load('await new Promise(() => setInterval(() => {}, 1000))\n', 1500)
    expect(result).toMatchObject({ status: 'timeout', timeoutMs: 1500 })
  })
  it('stops an entry stuck in a busy loop', async () => {
    const { result } = await load("console.log('spinning')\nwhile (true) {}\n", 1500)
    expect(result).toMatchObject({ status: 'timeout', output: 'spinning' })
  })
  it('denies an entry that writes a file, and the file is not written', async () => {
    const { cwd, result } = await load(
      "import { writeFileSync } from 'node:fs'\nwriteFileSync(new URL('../pwned.txt', import.meta.url), 'x')\n",
    )
    expect(result).toMatchObject({ status: 'threw', error: { code: 'ERR_ACCESS_DENIED' } })
    expect(existsSync(join(cwd, 'pwned.txt'))).toBe(false)
  })
  it('denies an entry that spawns a process or reads outside the project', async () => {
    const spawned = await load(
      "import { execSync } from 'node:child_process'\nexecSync('touch /tmp/pdk-validate-pwned')\n",
    )
    expect(spawned.result).toMatchObject({ status: 'threw', error: { code: 'ERR_ACCESS_DENIED' } })
    expect(existsSync('/tmp/pdk-validate-pwned')).toBe(false)
    const read = await load("import { readFileSync } from 'node:fs'\nreadFileSync('/etc/hostname')\n")
    expect(read.result).toMatchObject({ status: 'threw', error: { code: 'ERR_ACCESS_DENIED' } })
  })
  it('reports an entry that ends the process, and ignores a forged result without the nonce', async () => {
    expect((await load('process.exit(3)\n')).result).toMatchObject({ status: 'exited', code: 3 })
    const forged = await load(
      "import { writeSync } from 'node:fs'\nwriteSync(3, JSON.stringify({ nonce: 'guess', status: 'plugin' }) + '\\n')\nprocess.exit(0)\n",
    )
    expect(forged.result).toMatchObject({ status: 'exited', code: 0 })
  })
  it("gives the entry none of the user's environment", async () => {
    process.env.PDK_TEST_SECRET = 'hunter2'
    try {
      const { result } = await load('export default Object.keys(process.env).join(",")\n')
      expect(result).toMatchObject({ status: 'not-plugin', defaultType: 'string' })
      const entry = await load(
        "import { definePlugin } from '@pdk/core'\nexport default process.env.PDK_TEST_SECRET || process.env.PDK_ENTRY_NONCE ? {} : definePlugin({})\n",
      )
      expect(entry.result.status).toBe('plugin')
    } finally {
      delete process.env.PDK_TEST_SECRET
    }
  })

  it("recognises a plugin definition exactly as @pdk/core's isPluginDefinition does, without importing it", async () => {
    const { isPluginDefinition } = await import('@pdk/core')
    const defaults = [
      'definePlugin({})',
      'definePlugin({ messages: { ping: () => 1 } })',
      '{}',
      'null',
      '42',
      "Object.defineProperty({}, Symbol.for('pdk.plugin'), { value: true })",
      "{ [Symbol.for('pdk.plugin')]: 'true' }",
      "{ [Symbol.for('pdk.plugin')]: 1 }",
      "Object.assign(() => {}, { [Symbol.for('pdk.plugin')]: true })",
      "new Proxy({}, { get: (_t, key) => key === Symbol.for('pdk.plugin') })",
      'Object.create(definePlugin({}))',
    ]
    const runs = await Promise.all(
      defaults.map((value) => load(`import { definePlugin } from '@pdk/core'\nexport default ${value}\n`)),
    )
    for (const [i, { cwd, result }] of runs.entries()) {
      const { default: value } = await import(pathToFileURL(join(cwd, 'dist/index.js')).href)
      expect({ value: defaults[i], plugin: result.status === 'plugin' }).toEqual({
        value: defaults[i],
        plugin: isPluginDefinition(value),
      })
    }
    // Both kinds occur, so the comparison means something.
    expect(runs.map((r) => r.result.status)).toContain('plugin')
    expect(runs.map((r) => r.result.status)).toContain('not-plugin')
  })

  it('takes the mark before the entry runs, so an entry that replaces Symbol.for changes nothing', async () => {
    const { result } = await load(
      "import { definePlugin } from '@pdk/core'\nconst plugin = definePlugin({})\nSymbol.for = () => Symbol('forged')\nexport default plugin\n",
    )
    expect(result).toMatchObject({ status: 'plugin' })
  })
})
