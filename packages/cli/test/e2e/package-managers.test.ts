// Which package manager pdk init picks when no flag says, what it does when that manager is
// not installed (or cannot start), and what pdk doctor reports, each with a PATH made for the
// test: with this checkout's pnpm and yarn, with npm only, with none.
import { existsSync, realpathSync } from 'node:fs'
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { cleanNpmEnv } from '../../../../scripts/lib/local-registry.mjs'
import { entriesOf, jsonOf, makeWorkDir, pdkIn, removeWorkDir } from '../helpers/registry-projects.js'
import type { PdkRun } from '../helpers/run-pdk.js'
import { TOOL_BINS, toolVersion } from './package-managers-env.js'

const SEMVER = /^\d+\.\d+\.\d+/

/** A folder of bins holding only Node (the real binary: pnpm's .bin/node shim needs a shell's tools) and `extra`. */
async function binFolder(dir: string, extra: Record<string, string> = {}): Promise<string> {
  await mkdir(dir, { recursive: true })
  await symlink(process.execPath, join(dir, 'node'))
  for (const [name, target] of Object.entries(extra)) await symlink(target, join(dir, name))
  return dir
}

/** npm's own script, as the machine's PATH has it (npm test runs under npm, so it is there). */
function machineNpm(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'npm'))) return realpathSync(join(dir, 'npm'))
  }
  throw new Error('npm is not on PATH')
}

describe('package managers', () => {
  let work: string
  let base: NodeJS.ProcessEnv
  /** A PATH with Node and no package manager. */
  let onlyNode: string
  const registryUrl = inject('pdkRegistry').url

  beforeAll(async () => {
    work = await makeWorkDir('pdk-package-managers-')
    onlyNode = await binFolder(join(work, 'bin-only-node'))
    base = {
      ...cleanNpmEnv(process.env),
      NO_COLOR: '1',
      CI: '1',
      GIT_AUTHOR_NAME: 'Pdk Test',
      GIT_AUTHOR_EMAIL: 'pdk-test@example.com',
      GIT_COMMITTER_NAME: 'Pdk Test',
      GIT_COMMITTER_EMAIL: 'pdk-test@example.com',
    }
  })
  afterAll(() => removeWorkDir(work))

  describe('pdk init without --package-manager', () => {
    it.each([
      {
        via: 'pnpm dlx (pnpm/10.34.9)',
        agent: 'pnpm/10.34.9 npm/? node/v22.22.2 linux x64',
        pm: 'pnpm',
        build: 'pnpm pdk build',
      },
      {
        via: 'yarn (yarn/1.22.22)',
        agent: 'yarn/1.22.22 npm/? node/v22.22.2 linux x64',
        pm: 'yarn',
        build: 'yarn pdk build',
      },
      { via: 'no package manager', agent: undefined, pm: 'npm', build: 'npx pdk build' },
    ])('run by $via, scaffolds a $pm project', async ({ agent, pm, build }) => {
      const cwd = join(work, `detect-${pm}`)
      await mkdir(cwd)
      const env = { ...base, ...(agent && { npm_config_user_agent: agent }) }
      const run = await pdkIn(cwd, ['init', 'pdk-plugin-detected', '--yes', '--no-install', '--no-git', '--json'], env)
      expect(run.code, run.stderr).toBe(0)
      const result = jsonOf(run)
      expect(result).toMatchObject({ ok: true, packageManager: pm, install: null })
      expect(result.next).toEqual(['cd pdk-plugin-detected', `${pm} install`, build, ...result.next.slice(3)])
      const readme = await readFile(join(cwd, 'pdk-plugin-detected', 'README.md'), 'utf8')
      expect(readme).toContain(`| \`${pm} install\` |`)
      expect(readme).toContain(`\`${build}\``)
    })
  })

  describe('pdk init with a package manager that is not there', () => {
    it('stops before writing anything, names the manager and how to get it (exit 1)', async () => {
      const cwd = join(work, 'missing')
      await mkdir(cwd)
      const env = { ...base, PATH: onlyNode }
      const args = ['init', 'pdk-plugin-missing', '--yes', '--no-git', '--author', 'Pdk Test']
      const human = await pdkIn(cwd, [...args, '--package-manager', 'pnpm'], env)
      expect(human.code).toBe(1)
      expect(human.stderr).toContain(
        'Error: pdk init would install the dependencies with pnpm, but "pnpm" is not on PATH; nothing was written.\n' +
          'Hint: Install pnpm: `npm install -g pnpm` (or `corepack enable pnpm`). Or pass `--package-manager npm`, or `--no-install` to install later.',
      )
      const json = await pdkIn(cwd, [...args, '--package-manager', 'yarn', '--json'], env)
      expect(json.code).toBe(1)
      expect(jsonOf(json)).toMatchObject({
        ok: false,
        error: {
          code: 'PDK_PACKAGE_MANAGER_MISSING',
          details: { packageManager: 'yarn' },
          hint: expect.stringContaining('`npm install -g yarn`'),
        },
      })
      expect(await entriesOf(cwd)).toEqual([])
    })

    it('removes the staged project when the manager on PATH cannot start', async () => {
      // Found on PATH, but its interpreter is missing: spawn fails with ENOENT after the files are staged.
      const broken = join(work, 'bin-broken-yarn')
      await binFolder(broken)
      await writeFile(join(broken, 'yarn'), '#!/nonexistent/node\n')
      await chmod(join(broken, 'yarn'), 0o755)
      const cwd = join(work, 'broken')
      await mkdir(cwd)
      const run = await pdkIn(
        cwd,
        [
          'init',
          'pdk-plugin-broken',
          '--yes',
          '--no-git',
          '--author',
          'Pdk Test',
          '--package-manager',
          'yarn',
          '--json',
        ],
        { ...base, PATH: broken },
      )
      expect(run.code).toBe(1)
      expect(jsonOf(run).error).toMatchObject({
        code: 'PDK_PACKAGE_MANAGER_MISSING',
        message: expect.stringContaining('"yarn" is on PATH but could not be started (spawn ENOENT)'),
      })
      expect(await entriesOf(cwd)).toEqual([])
    })
  })

  describe('pdk doctor', () => {
    const managersOf = (run: PdkRun) => jsonOf(run).packageManagers
    const checkOf = (run: PdkRun) => jsonOf(run).checks.find((c: { id: string }) => c.id === 'package-manager')

    it("reports npm, pnpm and yarn with their versions when they are on PATH (this checkout's)", async () => {
      const cwd = join(work, 'doctor-all')
      await mkdir(cwd)
      const env = { ...base, PATH: [...TOOL_BINS, base.PATH].join(delimiter) }
      const run = await pdkIn(cwd, ['doctor', '--registry', registryUrl, '--json'], env)
      expect(run.code, run.stdout).toBe(0)
      const [pnpm, yarn] = [toolVersion('pnpm'), toolVersion('yarn')]
      expect(managersOf(run)).toEqual([
        { name: 'npm', version: expect.stringMatching(SEMVER), path: expect.any(String) },
        { name: 'pnpm', version: pnpm, path: join(TOOL_BINS[1]!, 'pnpm') },
        { name: 'yarn', version: yarn, path: join(TOOL_BINS[0]!, 'yarn') },
      ])
      expect(checkOf(run)).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(new RegExp(`^npm \\d+\\.\\d+\\.\\d+\\S*, pnpm ${pnpm}, yarn ${yarn}$`)),
      })
      const human = await pdkIn(cwd, ['doctor', '--registry', registryUrl], env)
      expect(human.stdout).toMatch(new RegExp(`^✓ Package managers: npm \\S+, pnpm ${pnpm}, yarn ${yarn}$`, 'm'))
    })

    it('says which are missing, and warns when the project needs one of them', async () => {
      const npmOnly = await binFolder(join(work, 'bin-npm-only'), { npm: machineNpm() })
      const cwd = join(work, 'doctor-npm-only')
      await mkdir(cwd)
      const env = { ...base, PATH: npmOnly }
      const run = await pdkIn(cwd, ['doctor', '--registry', registryUrl, '--json'], env)
      expect(run.code, run.stdout).toBe(0)
      expect(managersOf(run)).toEqual([
        { name: 'npm', version: expect.stringMatching(SEMVER), path: join(npmOnly, 'npm') },
        { name: 'pnpm', version: null, path: null },
        { name: 'yarn', version: null, path: null },
      ])
      expect(checkOf(run)).toMatchObject({
        status: 'ok',
        message: expect.stringMatching(/^npm \S+; not found: pnpm, yarn$/),
      })

      // On PATH but broken (its interpreter is missing): found, and said not to run.
      const broken = await binFolder(join(work, 'bin-doctor-broken-yarn'))
      await writeFile(join(broken, 'yarn'), '#!/nonexistent/node\n')
      await chmod(join(broken, 'yarn'), 0o755)
      const withBroken = await pdkIn(cwd, ['doctor', '--registry', registryUrl, '--json'], {
        ...base,
        PATH: `${npmOnly}${delimiter}${broken}`,
      })
      expect(managersOf(withBroken)[2]).toEqual({ name: 'yarn', version: null, path: join(broken, 'yarn') })
      expect(checkOf(withBroken).message).toMatch(/; not found: pnpm, yarn \(\S+\/yarn does not run\)$/)

      await writeFile(join(cwd, 'yarn.lock'), '')
      const warned = await pdkIn(cwd, ['doctor', '--registry', registryUrl, '--json'], env)
      expect(warned.code).toBe(0)
      expect(checkOf(warned)).toMatchObject({
        status: 'warn',
        message: expect.stringContaining('This project has yarn.lock, but yarn is not on PATH.'),
        fix: 'Install yarn: `npm install -g yarn` (or `corepack enable yarn`).',
      })
    })

    it('fails (exit 1) when none is on PATH', async () => {
      const cwd = join(work, 'doctor-none')
      await mkdir(cwd)
      const run = await pdkIn(cwd, ['doctor', '--registry', registryUrl, '--json'], { ...base, PATH: onlyNode })
      expect(run.code).toBe(1)
      expect(checkOf(run)).toMatchObject({
        status: 'fail',
        message: 'No package manager runs here (not found: npm, pnpm, yarn).',
        fix: expect.stringContaining('npm comes with Node.js'),
      })
    })
  })
})
