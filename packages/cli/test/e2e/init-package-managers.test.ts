// `pdk init --package-manager pnpm|yarn` for real: one project per manager, scaffolded with
// the real bin and installed by that manager with @pdk/* from the run's registry; its files
// name that manager's commands, and the project builds, validates and tests green through
// that manager's own commands (what its README and CI run). npm has the same proof in
// init-templates.test.ts.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PdkRegistryInfo, useRegistry } from '../helpers/registry.js'
import { jsonOf, makeWorkDir, pdkIn, removeWorkDir, runIn } from '../helpers/registry-projects.js'
import { packageManagerEnv } from './package-managers-env.js'

const TIMEOUT = 300_000

/** A GitHub Actions expression, `${{ … }}`. */
const gha = (expression: string) => `\${{ ${expression} }}`

interface Manager {
  pm: 'pnpm' | 'yarn'
  lockfile: string
  /** The CI steps from checkout to the install, as the workflows must have them. */
  setup: string[]
  /** How each step of the proof runs, as the README says. */
  build: string[]
  test: string[]
  validate: string[]
}

const MANAGERS: Manager[] = [
  {
    pm: 'pnpm',
    lockfile: 'pnpm-lock.yaml',
    setup: [
      '      - uses: actions/checkout@v4',
      '      - uses: pnpm/action-setup@v4',
      '        with:',
      '          version: 10',
      '      - uses: actions/setup-node@v4',
      '        with:',
      `          node-version: ${gha('matrix.node')}`,
      '          cache: pnpm',
      '      - run: pnpm install --frozen-lockfile',
    ],
    build: ['run', 'build'],
    test: ['test'],
    validate: ['pdk', 'validate'],
  },
  {
    pm: 'yarn',
    lockfile: 'yarn.lock',
    setup: [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with:',
      `          node-version: ${gha('matrix.node')}`,
      '          cache: yarn',
      '      - run: yarn install --frozen-lockfile',
    ],
    build: ['build'],
    test: ['test'],
    validate: ['pdk', 'validate'],
  },
]

const stepsOf = (workflow: string) =>
  workflow
    .slice(workflow.indexOf('    steps:\n') + 11)
    .trimEnd()
    .split('\n')

describe.each(MANAGERS)('pdk init --package-manager $pm', (m) => {
  const name = `pdk-plugin-with-${m.pm}`
  let registry: PdkRegistryInfo
  let env: NodeJS.ProcessEnv
  let work: string
  let dir: string
  let result: any

  beforeAll(async () => {
    registry = await useRegistry()
    env = packageManagerEnv(registry)
    work = await makeWorkDir(`pdk-init-${m.pm}-`)
    dir = join(work, name)
    const init = await pdkIn(work, ['init', name, '--yes', '--package-manager', m.pm, '--json'], env)
    expect(init.code, init.stderr).toBe(0)
    result = jsonOf(init)
  }, TIMEOUT)
  afterAll(() => removeWorkDir(work))

  it(`installs with ${m.pm}, @pdk/* from the test registry, and commits ${m.pm}'s lockfile`, async () => {
    expect(result).toMatchObject({
      ok: true,
      packageManager: m.pm,
      install: { ok: true, packageManager: m.pm, command: `${m.pm} install` },
      git: { committed: true },
    })
    expect(existsSync(join(dir, m.lockfile))).toBe(true)
    expect(existsSync(join(dir, 'package-lock.json'))).toBe(false)
    // @pdk/* exist only in the test registry: installed, they came from there.
    const core = JSON.parse(await readFile(join(dir, 'node_modules', '@pdk', 'core', 'package.json'), 'utf8'))
    const cli = JSON.parse(await readFile(join(dir, 'node_modules', '@pdk', 'cli', 'package.json'), 'utf8'))
    expect(core.name).toBe('@pdk/core')
    expect(cli.bin).toHaveProperty('pdk')
    // yarn classic installs no peer dependencies: the project lists vitest's (vite) itself.
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(Object.hasOwn(pkg.devDependencies, 'vite')).toBe(m.pm === 'yarn')
    if (m.pm === 'yarn') {
      // yarn classic records where each package came from: only @pdk from the test registry.
      const lock = await readFile(join(dir, m.lockfile), 'utf8')
      expect(lock).toMatch(new RegExp(`resolved "${registry.url}@pdk/core/-/core-`))
      expect(lock).not.toMatch(new RegExp(`resolved "${registry.url}(?!@pdk/)`))
    }
    const tracked = await runIn(dir, 'git', ['ls-files'], env)
    expect(tracked.stdout.split('\n')).toEqual(expect.arrayContaining([m.lockfile, 'package.json']))
    expect(tracked.stdout).not.toContain('node_modules')
  })

  it(`names ${m.pm}'s commands in the README, the workflows and the next steps`, async () => {
    const run = (script: string) => `${m.pm} ${script}`
    expect(result.next).toEqual([`cd ${name}`, run('pdk build'), run('pdk test'), run('pdk validate'), run('pdk dev')])
    const readme = await readFile(join(dir, 'README.md'), 'utf8')
    for (const command of [`${m.pm} install`, run('pdk build'), run('pdk test'), run('build'), run('test')]) {
      expect(readme).toContain(`\`${command}\``)
    }
    expect(readme).not.toMatch(/`(npx|npm run|npm install|npm ci)\b/)

    const ci = await readFile(join(dir, '.github', 'workflows', 'ci.yml'), 'utf8')
    expect(stepsOf(ci)).toEqual([
      ...m.setup,
      `      - run: ${run('pdk build')}`,
      `      - run: ${run('pdk validate')}`,
      `      - run: ${run('pdk test')}`,
    ])
    const release = await readFile(join(dir, '.github', 'workflows', 'release.yml'), 'utf8')
    const releaseSteps = stepsOf(release)
    // The release job's setup-node also writes the registry's .npmrc for NODE_AUTH_TOKEN.
    expect(releaseSteps.filter((line) => !line.includes('registry-url'))).toEqual([
      ...m.setup,
      `      - run: ${run('pdk publish --access public')}`,
      '        env:',
      `          NODE_AUTH_TOKEN: ${gha('secrets.NPM_TOKEN')}`,
    ])
  })

  it(`builds, validates and tests green through ${m.pm}`, async () => {
    const outputs: string[] = []
    for (const args of [m.build, m.validate, m.test]) {
      const step = await runIn(dir, m.pm, args, env)
      expect(step.code, `${m.pm} ${args.join(' ')}:\n${step.stdout}${step.stderr}`).toBe(0)
      outputs.push(step.stdout + step.stderr)
    }
    expect(outputs[1]).toContain(`${name}@0.1.0 is valid`)
    expect(outputs[2]).toMatch(/\b[1-9]\d* passed, 0 failed\b/)
    expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true)
    expect(existsSync(join(dir, 'dist', 'index.d.ts'))).toBe(true)
  })
})
