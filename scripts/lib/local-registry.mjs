// An npm registry on 127.0.0.1 for tests, benchmarks and the tour: Verdaccio 6 served from
// this process (random port, temporary storage, no uplinks), one user whose token publishes,
// and the workspace packages published into it with pnpm (which rewrites `workspace:` ranges).
// Everything here is asynchronous on purpose: a blocking child process that talks to this
// registry would block the event loop that serves it, and both would wait forever.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The root of this checkout. */
export const WORKSPACE_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))))

/** The workspace packages a plugin project needs, in dependency order. */
export const WORKSPACE_PACKAGES = ['core', 'templates', 'testing', 'cli']

const USER = 'pdk-test'
const PASSWORD = 'pdk-test-password'

/**
 * Starts Verdaccio on 127.0.0.1 with a random port and no uplinks, creates a user and
 * returns `{ url, token, storage, npmrc, scopeNpmrc, stop() }`. `url` ends with `/`. `npmrc`
 * is a user config sending everything here with the token (for publishing); `scopeNpmrc` one
 * sending only the `@pdk` scope here (for installs: `npm_config_userconfig=<scopeNpmrc>`).
 * Neither is the user's own.
 * @param {{ storageDir?: string, log?: boolean }} [options] `storageDir`: keep packages there
 *   (default: a temporary folder removed by `stop()`); `log`: Verdaccio's HTTP log on stdout.
 */
export async function startLocalRegistry({ storageDir, log = false } = {}) {
  const base = await mkdtemp(join(tmpdir(), 'pdk-registry-'))
  const storage = storageDir ?? join(base, 'storage')
  await mkdir(storage, { recursive: true })
  const config = {
    // Verdaccio resolves relative paths and keeps its secret next to `self_path`.
    self_path: join(base, 'config.yaml'),
    storage,
    auth: { htpasswd: { file: join(base, 'htpasswd'), max_users: 100 } },
    uplinks: {},
    packages: {
      '@*/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    security: { api: { legacy: true } },
    server: { keepAliveTimeout: 5 },
    max_body_size: '200mb',
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: log ? 'http' : 'fatal' },
  }
  const { runServer } = await import('verdaccio')
  const app = await runServer(config)
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address()
  const url = `http://127.0.0.1:${port}/`
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    server.closeAllConnections?.()
    await new Promise((resolve) => server.close(() => resolve()))
    await rm(base, { recursive: true, force: true })
  }
  try {
    const token = await createUser(url, USER, PASSWORD)
    const npmrc = join(base, 'npmrc')
    await writeFile(npmrc, `registry=${url}\n${authLine(url, token)}\n`, { mode: 0o600 })
    // For installs: only the @pdk scope comes from here, everything else from the default registry.
    const scopeNpmrc = join(base, 'scope.npmrc')
    await writeFile(scopeNpmrc, `@pdk:registry=${url}\n${authLine(url, token)}\n`, { mode: 0o600 })
    return { url, token, storage, npmrc, scopeNpmrc, port, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The `.npmrc` line that authenticates against `url`: `//127.0.0.1:PORT/:_authToken=TOKEN`. */
export function authLine(url, token) {
  return `${url.replace(/^https?:/, '')}:_authToken=${token}`
}

async function createUser(url, name, password) {
  const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      _id: `org.couchdb.user:${name}`,
      name,
      password,
      type: 'user',
      roles: [],
      date: new Date(),
    }),
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(
      `The local registry at ${url} refused to create user "${name}": ${response.status} ${JSON.stringify(body)}`,
    )
  }
  return body.token
}

/**
 * The command that runs pnpm 10 on this Node: the copy in `.tools/` that `npm test` installs,
 * else `pnpm` on PATH. Returns `[command, ...leadingArgs]`.
 */
export function pnpmCommand() {
  const local = join(WORKSPACE_ROOT, '.tools', 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')
  return existsSync(local) ? [process.execPath, local] : ['pnpm']
}

/** Runs a command without blocking the event loop; resolves `{ code, stdout, stderr }`. */
export function runAsync(cmd, args, { cwd, env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }))
  })
}

/**
 * Publishes `packages/{core,templates,testing,cli}` (built) into the registry with
 * `pnpm publish --no-git-checks`, with the registry's own npmrc as the user config (never the user's). A version
 * the registry already holds is skipped, so a kept `storageDir` can be reused.
 * Resolves the list of `{ name, version, skipped }`.
 * @param {{ url: string, npmrc: string }} registry
 * @param {{ packages?: string[], root?: string }} [options]
 */
export async function publishWorkspacePackages(
  registry,
  { packages = WORKSPACE_PACKAGES, root = WORKSPACE_ROOT } = {},
) {
  const [pnpm, ...pnpmArgs] = pnpmCommand()
  const env = cleanNpmEnv(process.env)
  const published = []
  // In parallel: pnpm packs each package on its own, and the registry takes them in any order.
  await Promise.all(
    packages.map(async (name) => {
      const dir = join(root, 'packages', name)
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
      if (!existsSync(join(dir, 'dist'))) {
        throw new Error(`${pkg.name} is not built (no ${join(dir, 'dist')}): run \`node scripts/build.mjs\` first.`)
      }
      if (await hasVersion(registry.url, pkg.name, pkg.version)) {
        published.push({ name: pkg.name, version: pkg.version, skipped: true })
        return
      }
      const args = [
        ...pnpmArgs,
        'publish',
        '--no-git-checks',
        '--ignore-scripts',
        '--registry',
        registry.url,
        '--access',
        'public',
      ]
      // pnpm has no --userconfig flag; it reads the user config's path from the environment.
      const result = await runAsync(pnpm, args, { cwd: dir, env: { ...env, npm_config_userconfig: registry.npmrc } })
      if (result.code !== 0) {
        throw new Error(`pnpm publish of ${pkg.name} failed (exit ${result.code}):\n${result.stderr || result.stdout}`)
      }
      published.push({ name: pkg.name, version: pkg.version, skipped: false })
    }),
  )
  return published
}

async function hasVersion(url, name, version) {
  const response = await fetch(`${url}${name.replace('/', '%2f')}`, { headers: { accept: 'application/json' } })
  if (!response.ok) return false
  const doc = await response.json()
  return Boolean(doc.versions?.[version])
}

/**
 * `env` without the `npm_config_*` variables a parent `npm`/`pnpm run` sets (a registry or
 * userconfig from there must not override the one we pass).
 */
export function cleanNpmEnv(env) {
  const clean = {}
  for (const [key, value] of Object.entries(env)) {
    if (/^npm_config_/i.test(key) || /^npm_package_/i.test(key) || /^pnpm_/i.test(key)) continue
    clean[key] = value
  }
  return clean
}
