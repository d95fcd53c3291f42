// `pdk init` through the real bin: what it writes, its flags, and every kind of bad input
// (each with its exit code and nothing left on disk). Installs here are the failing and the
// interrupted ones; the passing installs are in init-templates.test.ts.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { type PdkRegistryInfo, useRegistry } from '../helpers/registry.js'
import {
  entriesOf,
  jsonOf,
  makeWorkDir,
  pdkIn,
  projectEnv,
  removeWorkDir,
  runIn,
} from '../helpers/registry-projects.js'
import { PDK_BIN } from '../helpers/run-pdk.js'

const offline = { ...process.env, NO_COLOR: '1', CI: '1', npm_config_user_agent: undefined }
const quick = ['--yes', '--no-install', '--no-git']

/** A local template: template.json plus files/. */
function templateFolder(manifest: unknown, files: Record<string, string>): Promise<string> {
  const entries = Object.fromEntries(Object.entries(files).map(([path, text]) => [`files/${path}`, text]))
  return fixtureDir({ 'template.json': manifest as Record<string, unknown>, ...entries }, 'pdk-template-')
}

describe('pdk init', () => {
  let work: string
  beforeAll(async () => {
    work = await makeWorkDir()
  })
  afterAll(() => removeWorkDir(work))

  it('scaffolds the extension template with --yes: manifest, sources, tests, CI, README marker, LICENSE', async () => {
    const run = await pdkIn(work, ['init', 'pdk-plugin-hello', ...quick, '--author', 'Ada Lovelace', '--json'], offline)
    expect(run.code, run.stderr).toBe(0)
    const result = jsonOf(run)
    expect(result).toMatchObject({
      ok: true,
      dryRun: false,
      name: 'pdk-plugin-hello',
      dir: join(work, 'pdk-plugin-hello'),
      template: { name: 'extension', type: 'plugin', source: 'builtin' },
      kind: 'extension',
      packageManager: 'npm',
      install: null,
      git: null,
    })
    expect(result.files.map((f: { path: string }) => f.path)).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/release.yml',
      '.gitignore',
      'LICENSE',
      'package.json',
      'README.md',
      'src/index.ts',
      'test/index.test.ts',
      'tsconfig.json',
    ])
    expect(result.next).toEqual([
      'cd pdk-plugin-hello',
      'npm install',
      'npx pdk build',
      'npx pdk test',
      'npx pdk validate',
      'npx pdk dev',
    ])
    const dir = join(work, 'pdk-plugin-hello')
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: 'pdk-plugin-hello',
      description: 'A pdk plugin',
      type: 'module',
      keywords: expect.arrayContaining(['pdk-plugin']),
      author: 'Ada Lovelace',
      license: 'MIT',
      engines: { node: '^22.22.2 || ^24.15.0 || >=26.0.0' },
      pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
    })
    expect(pkg.pdk.config.properties.greeting.default).toBe('Hello')
    expect(await readFile(join(dir, 'src/index.ts'), 'utf8')).toContain('export default definePlugin<Config>({')
    expect(await readFile(join(dir, 'test/index.test.ts'), 'utf8')).toContain("from '@pdk/testing'")
    const readme = await readFile(join(dir, 'README.md'), 'utf8')
    expect(readme.split('\n')[0]).toBe('<!-- pdk:template-readme -->')
    expect(readme).toContain('delete the\n> `<!-- pdk:template-readme -->` line')
    expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toContain(
      `Copyright (c) ${new Date().getFullYear()} Ada Lovelace`,
    )
    const ci = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')
    expect(ci).toMatch(/npm ci[\s\S]*npx pdk build[\s\S]*npx pdk validate[\s\S]*npx pdk test/)
    const release = await readFile(join(dir, '.github/workflows/release.yml'), 'utf8')
    expect(release).toContain('npx pdk publish')
    expect(release).toContain(`NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}`)
    expect(await entriesOf(work)).toEqual(['pdk-plugin-hello'])
  })

  it('prints the files it would write with --dry-run and writes nothing', async () => {
    const run = await pdkIn(work, ['init', '@acme/pdk-plugin-dry', '--template', 'host', '--dry-run', '--yes'], offline)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(
      `Would create @acme/pdk-plugin-dry, a host project, in ${join(work, 'pdk-plugin-dry')}`,
    )
    expect(run.stdout).toContain('pdk.config.json')
    expect(run.stdout).toContain('Nothing was written (--dry-run).')
    expect(existsSync(join(work, 'pdk-plugin-dry'))).toBe(false)
  })

  it('takes template flags and --permissions, --kind, --description, --host, --dir, --license', async () => {
    const run = await pdkIn(
      work,
      [
        'init',
        '--greeting',
        'Hi',
        'pdk-plugin-flags',
        '--kind',
        'analysis',
        '--description',
        'Says hi',
        '--host',
        'demo-host@^2.1.0',
        '--permissions',
        'fs.read=./assets,network=api.example.com:443,env=TOKEN,env=OTHER',
        '--dir',
        'nested/flags',
        '--license',
        'Apache-2.0',
        ...quick,
        '--json',
      ],
      offline,
    )
    expect(run.code, run.stderr).toBe(0)
    const dir = join(work, 'nested/flags')
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      description: 'Says hi',
      license: 'Apache-2.0',
      keywords: expect.arrayContaining(['demo-host']),
    })
    expect(pkg.pdk).toMatchObject({
      kind: 'analysis',
      host: { name: 'demo-host', range: '^2.1.0' },
      permissions: { fs: { read: ['./assets'] }, network: ['api.example.com:443'], env: ['TOKEN', 'OTHER'] },
    })
    expect(pkg.pdk.config.properties.greeting.default).toBe('Hi')
    expect(await readFile(join(dir, 'test/index.test.ts'), 'utf8')).toContain('"Hi, Ada!"')
  })

  it('exits 2 naming NAME when none is given and there is no terminal, and writes nothing', async () => {
    const before = await entriesOf(work)
    const run = await pdkIn(work, ['init', '--yes'], offline)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('pdk init needs the package NAME')
    expect(run.stderr).toContain('Hint: Pass it: pdk init my-plugin')
    const json = await pdkIn(work, ['init', '--json'], offline)
    expect(json.code).toBe(2)
    expect(jsonOf(json)).toMatchObject({ ok: false, error: { code: 'PDK_USAGE', details: { flag: 'NAME' } } })
    expect(await entriesOf(work)).toEqual(before)
  })

  it('refuses invalid values with exit 2, all of them at once, before writing anything', async () => {
    const before = await entriesOf(work)
    const bad = await pdkIn(work, ['init', 'Bad Name!', ...quick], offline)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/"Bad Name!" is not a valid npm package name: .*(capital|URL-friendly)/)
    const many = await pdkIn(
      work,
      [
        'init',
        'ok-name',
        '--host',
        'nohost',
        '--permissions',
        'network=https://api.example.com',
        '--greeting',
        '',
        ...quick,
        '--json',
      ],
      offline,
    )
    expect(many.code).toBe(2)
    const error = jsonOf(many).error
    expect(error.code).toBe('PDK_USAGE')
    expect(error.details.problems.map((p: { flag: string }) => p.flag).sort()).toEqual([
      'greeting',
      'host',
      'permissions',
    ])
    expect(error.message).toContain('Did you mean network=api.example.com:443?')
    const unknownFlag = await pdkIn(work, ['init', 'ok-name', '--nope', ...quick], offline)
    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toContain('Unknown flag --nope')
    expect(await entriesOf(work)).toEqual(before)
  })

  it('refuses a target that is a file (exit 1) and a non-empty folder without --force', async () => {
    await writeFile(join(work, 'a-file'), 'x')
    const file = await pdkIn(work, ['init', 'a-file', ...quick], offline)
    expect(file.code).toBe(1)
    expect(file.stderr).toContain(`"${join(work, 'a-file')}" is a file, not a folder`)
    const under = await pdkIn(work, ['init', 'x', '--dir', 'a-file/x', ...quick], offline)
    expect(under.code).toBe(1)
    expect(under.stderr).toContain('part of that path is a file')

    await pdkIn(work, ['init', 'busy', ...quick], offline)
    await writeFile(join(work, 'busy', 'notes.txt'), 'mine')
    await writeFile(join(work, 'busy', 'README.md'), 'old readme')
    const busy = await pdkIn(work, ['init', 'busy', ...quick], offline)
    expect(busy.code).toBe(1)
    expect(busy.stderr).toContain('is not empty')
    expect(busy.stderr).toContain('--force')
    expect(await readFile(join(work, 'busy', 'README.md'), 'utf8')).toBe('old readme')
    const forced = await pdkIn(work, ['init', 'busy', '--force', ...quick], offline)
    expect(forced.code, forced.stderr).toBe(0)
    expect(await readFile(join(work, 'busy', 'notes.txt'), 'utf8')).toBe('mine')
    expect(await readFile(join(work, 'busy', 'README.md'), 'utf8')).toContain('<!-- pdk:template-readme -->')
    expect((await entriesOf(work)).filter((e) => e.includes('pdk-init'))).toEqual([])
  })

  it('creates a git repository with a first commit unless --no-git', async () => {
    const env = {
      ...offline,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
    }
    const run = await pdkIn(work, ['init', 'with-git', '--yes', '--no-install', '--json'], env)
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf(run).git).toEqual({ initialized: true, committed: true })
    const log = await runIn(join(work, 'with-git'), 'git', ['log', '--format=%s', '--name-only'], env)
    expect(log.stdout).toContain('Initial commit from pdk init')
    expect(log.stdout).toContain('.github/workflows/ci.yml')
    expect(log.stdout).toContain('.gitignore')
  })

  it('reports a broken template manifest with every problem and its pointer', async () => {
    const broken = await templateFolder(
      { templateVersion: 1, name: 'Broken', kind: 'extension', variables: { x: { type: 'text' } }, extra: true },
      { 'package.json.ejs': '{}' },
    )
    try {
      const before = await entriesOf(work)
      const run = await pdkIn(work, ['init', 'from-broken', '--template', broken, ...quick, '--json'], offline)
      expect(run.code).toBe(1)
      const { error } = jsonOf(run)
      expect(error.code).toBe('PDK_TEMPLATE')
      expect(error.message).toContain(join(broken, 'template.json'))
      expect(error.details.findings.map((f: { pointer: string }) => f.pointer)).toEqual([
        '/extra',
        '/name',
        '/description',
        '/variables/x/type',
      ])
      expect(await entriesOf(work)).toEqual(before)
    } finally {
      await removeFixture(broken)
    }
  })

  it('leaves nothing behind when a template throws while rendering', async () => {
    const throwing = await templateFolder(
      { templateVersion: 1, name: 'throwing', description: 'Throws', kind: 'extension' },
      {
        'package.json.ejs': '<%- JSON.stringify({ name, version: "1.0.0" }) %>',
        'src/index.ts.ejs': 'line one\n<% throw new Error("the template broke") %>\n',
      },
    )
    try {
      const before = await entriesOf(work)
      const run = await pdkIn(work, ['init', 'from-throwing', '--template', throwing, ...quick], offline)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `Template "throwing" failed while rendering "${join(throwing, 'files/src/index.ts.ejs')}" at line 2: the template broke`,
      )
      expect(await entriesOf(work)).toEqual(before)
    } finally {
      await removeFixture(throwing)
    }
  })

  describe('with the test registry', () => {
    let registry: PdkRegistryInfo
    let env: NodeJS.ProcessEnv
    beforeAll(async () => {
      registry = await useRegistry()
      env = projectEnv(registry)
    })

    it('says an unknown template is neither built in nor on the registry, with a did-you-mean', async () => {
      const run = await pdkIn(
        work,
        ['init', 'x-unknown', '--template', 'extention', '--registry', registry.url, ...quick],
        env,
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `Template "extention" is not a built-in template, and the registry ${registry.url} has no package "extention".`,
      )
      expect(run.stderr).toContain('Hint: Did you mean --template extension?')
      const scoped = await pdkIn(
        work,
        ['init', 'x-unknown', '--template', '@acme/no-such-templates@^1', '--registry', registry.url, ...quick],
        env,
      )
      expect(scoped.code).toBe(1)
      expect(scoped.stderr).toContain('has no package "@acme/no-such-templates@^1"')
      expect(await entriesOf(join(work, 'x-unknown'))).toEqual([])
    })

    it('renders a template from an npm package of templates (pkg#name) fetched from --registry', async () => {
      const pack = await fixtureDir({
        'package.json': { name: '@h7test/pdk-templates', version: '1.0.0', files: ['templates'] },
        'templates/worker/template.json': {
          templateVersion: 1,
          name: 'worker',
          description: 'A plugin from a package',
          kind: 'extension',
          layers: ['../_base'],
          variables: { jobs: { type: 'number', description: 'How many jobs', default: 2, integer: true, minimum: 1 } },
        },
        'templates/worker/files/src/index.ts.ejs': 'export const jobs = <%- vars.jobs %>\n',
        'templates/_base/files/package.json.ejs':
          '<%- json({ name, version: "0.1.0", type: "module", pdk: { manifestVersion: 1, kind, host, entry: "./dist/index.js" } }) %>\n',
        'templates/other/template.json': { templateVersion: 1, name: 'other', description: 'Another', kind: 'system' },
        'templates/other/files/package.json.ejs': '{}',
      })
      try {
        const publish = await runIn(pack, 'npm', ['publish', '--registry', registry.url], {
          ...projectEnv(registry),
          npm_config_userconfig: registry.npmrc,
        })
        expect(publish.code, publish.stderr).toBe(0)
        const run = await pdkIn(
          work,
          [
            'init',
            'from-npm',
            '--template',
            '@h7test/pdk-templates#worker',
            '--jobs',
            '5',
            '--registry',
            registry.url,
            ...quick,
            '--json',
          ],
          env,
        )
        expect(run.code, run.stdout + run.stderr).toBe(0)
        expect(jsonOf(run).template).toEqual({
          name: 'worker',
          type: 'plugin',
          source: 'npm',
          from: '@h7test/pdk-templates@*',
        })
        expect(await readFile(join(work, 'from-npm', 'src/index.ts'), 'utf8')).toBe('export const jobs = 5\n')
        const several = await pdkIn(
          work,
          ['init', 'x-several', '--template', '@h7test/pdk-templates', '--registry', registry.url, ...quick],
          env,
        )
        expect(several.code).toBe(1)
        expect(several.stderr).toContain('holds 2 templates (other, worker)')
      } finally {
        await removeFixture(pack)
      }
    })

    it('keeps the project when the install fails, exits 1 and says how to retry', async () => {
      const failing = await templateFolder(
        { templateVersion: 1, name: 'failing', description: 'Depends on nothing that exists', type: 'host' },
        {
          'package.json.ejs':
            '<%- json({ name, version: "0.1.0", private: true, dependencies: { "@pdk/does-not-exist": "^1.0.0" } }) %>\n',
        },
      )
      try {
        const run = await pdkIn(
          work,
          ['init', 'install-fails', '--template', failing, '--yes', '--no-git', '--package-manager', 'pnpm', '--json'],
          env,
        )
        expect(run.code).toBe(1)
        const result = jsonOf(run)
        expect(result).toMatchObject({
          ok: false,
          install: { ok: false, packageManager: 'pnpm', command: 'pnpm install' },
        })
        expect(result.install.output).toContain('@pdk/does-not-exist')
        expect(result.next).toEqual(['cd install-fails', 'pnpm install', 'pnpm build', 'pnpm test', 'pnpm start'])
        expect(await entriesOf(join(work, 'install-fails'))).toContain('package.json')
        const human = await pdkIn(
          work,
          ['init', 'install-fails-2', '--template', failing, '--yes', '--no-git', '--package-manager', 'pnpm'],
          env,
        )
        expect(human.code).toBe(1)
        expect(human.stdout).toContain('pnpm install exited with code 1. The project was kept.')
        expect(human.stdout).toContain(
          `Hint: fix the cause above, then run \`pnpm install\` in ${join(work, 'install-fails-2')}.`,
        )
      } finally {
        await removeFixture(failing)
      }
    })

    it('removes everything when interrupted with Ctrl-C during the install (exit 130)', async () => {
      const before = await entriesOf(work)
      const child = spawn(
        process.execPath,
        [PDK_BIN, 'init', 'interrupted', '--yes', '--no-git', '--package-manager', 'npm'],
        {
          cwd: work,
          env: { ...env, npm_config_cache: join(work, '.cold-npm-cache') },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let stderr = ''
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d) => {
          stderr += d
          if (stderr.includes('Install dependencies with npm')) resolve()
        })
      })
      child.kill('SIGINT')
      expect(await exited, stderr).toBe(130)
      expect(stderr).toContain('pdk init was interrupted; nothing was left behind.')
      expect((await entriesOf(work)).filter((e) => e !== '.cold-npm-cache')).toEqual(
        before.filter((e) => e !== '.cold-npm-cache'),
      )
    })
  })
})
