import { spawn } from 'node:child_process'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PDK_BIN, runPdk } from '../helpers/run-pdk.js'

describe('pdk bin', () => {
  it('prints its version without loading commands', async () => {
    const run = await runPdk(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^@pdk\/cli\/\d+\.\d+\.\d+ \S+ node-v22\./)
  })

  it('refuses an unsupported Node with one line saying what to install', async () => {
    const run = await runPdk(['--version'], { node: '/usr/bin/node' })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(
      /pdk needs Node \^22\.22\.2 \|\| \^24\.15\.0 \|\| >=26\.0\.0, but this is Node 20\.\d+\.\d+: install Node/,
    )
  })

  it('exits 2 with a did-you-mean for a mistyped command', async () => {
    const run = await runPdk(['valdate'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Error: "valdate" is not a pdk command.')
    expect(run.stderr).toContain('Hint: Did you mean "pdk validate"?')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('prints the error document on stdout with --json for an unknown command', async () => {
    const run = await runPdk(['nope-nope', '--json'])
    expect(run.code).toBe(2)
    const doc = JSON.parse(run.stdout)
    expect(doc).toMatchObject({ ok: false, error: { code: 'PDK_USAGE', message: '"nope-nope" is not a pdk command.' } })
    expect(doc.error.hint).toMatch(/pdk --help/)
  })

  it('exits 2 with a did-you-mean for a mistyped flag', async () => {
    const run = await runPdk(['validate', '.', '--stirct'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown flag "--stirct"')
    expect(run.stderr).toContain('Did you mean "--strict"?')
  })

  it('exits 2 naming the flag when a flag value does not parse, or two flags exclude each other', async () => {
    const bad = await runPdk(['search', 'x', '--limit', 'abc'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Error: Invalid value for --limit: Expected an integer but received: abc.')
    expect(bad.stderr).not.toMatch(/bug in pdk/)
    const both = await runPdk(['search', 'x', '--page', '2', '--from', '3', '--json'])
    expect(both.code).toBe(2)
    expect(JSON.parse(both.stdout).error.message).toMatch(/--from=3 cannot also be provided when using --page/)
  })

  it('answers the root --help without oclif exactly as oclif would', async () => {
    const fast = await runPdk(['--help'])
    const oclif = await new Promise<string>((resolve, reject) => {
      const script = `import('@oclif/core').then((m) => m.execute({ dir: ${JSON.stringify(pathToFileURL(PDK_BIN).href)}, args: ['--help'] }))`
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dirname(dirname(PDK_BIN)),
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.on('error', reject)
      child.on('close', () => resolve(out))
    })
    expect(oclif).toContain('COMMANDS')
    expect(fast.stdout).toBe(oclif)
  })

  it('lists the commands in --help', async () => {
    const run = await runPdk(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('USAGE')
    expect(run.stdout).toMatch(/validate\s/)
  })
})
