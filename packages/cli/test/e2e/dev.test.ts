import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginProject } from '../fixtures/build/plugin-files.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk, spawnNdjson } from '../helpers/run-pdk.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

// A plugin whose start() logs a line made by src/greet.ts, and which taps a hook.
const INDEX = [
  "import { definePlugin } from '@pdk/core'",
  "import { greet } from './greet.js'",
  '',
  'export default definePlugin({',
  "  start(ctx) { ctx.logger.info(greet('hello', 'dev')) },",
  "  hooks: { 'app.ready': (n: number) => n + 1 },",
  '})',
  '',
].join('\n')

/** Runs `pdk dev --json` in `cwd`, collecting its NDJSON events. */
const startDev = (cwd: string) => spawnNdjson(['dev', '--json', '--no-typecheck'], { cwd })

describe('pdk dev', () => {
  it('builds, starts the plugin in a worker, swaps each new build in blue/green, keeps the running one when a new one fails; Ctrl-C stops it with exit 0', async () => {
    const cwd = await fixtureDir(pluginProject({ files: { 'src/index.ts': INDEX } }))
    dirs.push(cwd)
    const dev = startDev(cwd)
    const started = await dev.until((l) => l.event === 'started' && l.build === 1)
    expect(started.plugin).toMatchObject({ name: 'pdk-plugin-fixture', state: 'started', isolation: 'worker' })
    expect(started.health).toMatchObject({ status: 'ok' })
    await dev.until((l) => l.event === 'log' && l.message === 'hello, dev!')

    const again =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text of a fixture
      'export function greet(greeting: string, name: string): string {\n  return `${greeting} again, ${name}!`\n}\n'
    await writeFile(join(cwd, 'src/greet.ts'), again)
    const reloaded = await dev.until((l) => l.event === 'started' && l.build === 2)
    // Swapped into the running host blue/green, in a new worker.
    expect(reloaded).toMatchObject({
      plugin: { state: 'started', isolation: 'worker' },
      reload: { name: 'pdk-plugin-fixture', swapped: true, isolation: 'worker' },
    })
    await dev.until((l) => l.event === 'log' && l.message === 'hello again, dev!')

    // New code that fails to start is refused and the previous build keeps running.
    await writeFile(
      join(cwd, 'src/greet.ts'),
      "export function greet(): string {\n  throw new Error('greet broke')\n}\n",
    )
    const refused = await dev.until((l) => l.event === 'failed' && l.build === 3)
    expect(refused).toMatchObject({
      serving: true,
      plugin: { state: 'started' },
      error: { code: 'PDK_RELOAD_FAILED', details: { at: 'start' } },
    })
    await writeFile(join(cwd, 'src/greet.ts'), again)
    await dev.until((l) => l.event === 'started' && l.build === 4)

    // A build that fails keeps the running plugin: no restart.
    await writeFile(join(cwd, 'src/greet.ts'), 'export function greet(greeting: string {\n')
    const failed = await dev.until((l) => l.event === 'build' && l.build === 5)
    expect(failed).toMatchObject({ ok: false, errors: [expect.objectContaining({ file: 'src/greet.ts' })] })

    dev.child.kill('SIGINT')
    expect(await dev.exited).toBe(0)
    expect(dev.lines.at(-1)).toEqual({ event: 'stopped', builds: 5 })
    expect(dev.lines.filter((l) => l.event === 'started')).toHaveLength(3)
  }, 120_000)

  it('applies a saved package.json blue/green, and keeps the plugin running when the manifest is broken', async () => {
    const cwd = await fixtureDir(pluginProject({ files: { 'src/index.ts': INDEX } }))
    dirs.push(cwd)
    const dev = startDev(cwd)
    await dev.until((l) => l.event === 'started' && l.build === 1)
    const file = join(cwd, 'package.json')
    const manifest = JSON.parse(await readFile(file, 'utf8'))

    await writeFile(file, JSON.stringify({ ...manifest, version: '0.2.0' }, null, 2))
    const applied = await dev.until((l) => l.event === 'started' && l.plugin?.version === '0.2.0')
    expect(applied).toMatchObject({ reload: { to: '0.2.0', swapped: true } })

    await writeFile(file, JSON.stringify({ ...manifest, pdk: { ...manifest.pdk, kind: 42 } }, null, 2))
    const refused = await dev.until((l) => l.event === 'failed')
    expect(refused).toMatchObject({
      serving: true,
      plugin: { version: '0.2.0', state: 'started' },
      error: { code: 'PDK_RELOAD_FAILED', details: { at: 'discover', reason: 'PDK_MANIFEST_INVALID' } },
    })
    dev.child.kill('SIGINT')
    expect(await dev.exited).toBe(1)
  }, 120_000)

  it('says why when the plugin does not start, and exits 1', async () => {
    const broken =
      "import { definePlugin } from '@pdk/core'\nexport default definePlugin({ start() { throw new RangeError('no start') } })\n"
    const cwd = await fixtureDir(pluginProject({ files: { 'src/index.ts': broken } }))
    dirs.push(cwd)
    const dev = startDev(cwd)
    const failed = await dev.until((l) => l.event === 'failed')
    expect(failed).toMatchObject({
      build: 1,
      plugin: { name: 'pdk-plugin-fixture', state: 'failed' },
      error: { code: 'PDK_PLUGIN_FAILED', details: { originalName: 'RangeError', originalMessage: 'no start' } },
    })
    dev.child.kill('SIGINT')
    expect(await dev.exited).toBe(1)
  }, 120_000)

  it('refuses a folder that is not a plugin, with exit 1 and a hint', async () => {
    const cwd = await fixtureDir({ 'package.json': { name: 'not-a-plugin', version: '1.0.0' } })
    dirs.push(cwd)
    const json = await runPdk(['dev', '--json'], { cwd })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'PDK_MANIFEST_INVALID' } })
    const text = await runPdk(['dev'], { cwd })
    expect(text.code).toBe(1)
    expect(text.stderr).toMatch(/^Error: .*package\.json is not a valid plugin manifest: .*\nHint: Run `pdk validate`/m)
    expect(text.stderr).not.toMatch(/\n\s+at /)
  }, 60_000)
})
