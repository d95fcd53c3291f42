import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { FAILING_TEST, pluginProject } from '../fixtures/test/plugin-project.js'
import { removeFixture } from '../helpers/fixture-dir.js'
import { PDK_BIN } from '../helpers/run-pdk.js'

let dir: string | undefined
afterAll(async () => {
  if (dir) await removeFixture(dir)
})

it('pdk test --watch --json prints one JSON line per run and stops on SIGINT', { timeout: 180_000 }, async () => {
  dir = await pluginProject({ 'test/math.test.ts': FAILING_TEST })
  const child = spawn(process.execPath, [PDK_BIN, 'test', dir, '--watch', '--json'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let buffer = ''
  child.stdout.on('data', (chunk) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop() ?? ''
    lines.push(...parts.filter(Boolean))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await expect.poll(() => lines.length, { timeout: 60_000, interval: 100 }).toBe(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: false, counts: { passed: 1, failed: 1 } })
    await writeFile(join(dir, 'test/math.test.ts'), FAILING_TEST.replace("toBe('Hi')", "toBe('Hello')"))
    await expect.poll(() => lines.length, { timeout: 60_000, interval: 100 }).toBe(2)
    expect(JSON.parse(lines[1]!)).toMatchObject({ ok: true, counts: { passed: 2, failed: 0 } })
  } finally {
    child.kill('SIGINT')
  }
  expect(await exited).toBe(0)
  expect(lines).toHaveLength(2)
})
