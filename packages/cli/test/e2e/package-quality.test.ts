import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')
const packages = ['core', 'templates', 'testing', 'cli']

function attw(dir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'),
        '--pack',
        '.',
        '--profile',
        'esm-only',
        '--format',
        'json',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }))
  })
}

describe.each(packages)('@pdk/%s as published', (name) => {
  const dir = join(root, 'packages', name)

  it('passes publint with no errors or warnings', async () => {
    const { messages } = await publint({ pkgDir: dir, pack: 'pnpm', strict: true })
    expect(messages.filter((m) => m.type !== 'suggestion')).toEqual([])
  })

  it('passes @arethetypeswrong/cli (esm-only profile)', async () => {
    const { code, stdout } = await attw(dir)
    // The JSON lists problems of every resolution; the esm-only profile ignores node10 and node16-cjs.
    const all = Object.values(JSON.parse(stdout).problems ?? {}).flat() as Array<{ resolutionKind?: string }>
    const problems = all.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')
    expect(problems).toEqual([])
    expect(code).toBe(0)
  })
})
