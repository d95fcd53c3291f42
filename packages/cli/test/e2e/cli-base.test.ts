import { describe, expect, it } from 'vitest'
import { runPdk } from '../helpers/run-pdk.js'

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

  it('lists the commands in --help', async () => {
    const run = await runPdk(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('USAGE')
    expect(run.stdout).toMatch(/validate\s/)
  })
})
