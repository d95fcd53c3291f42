import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { computeDigest } from '@pdk/core'
import semver from 'semver'
import { readInstalled } from './host-project/installed-plugins.js'
import { loadHostProject } from './host-project/load-host-project.js'
import { PACKAGE_MANAGERS, type PackageManagerName } from './init/check-answers.js'
import { findOnPath, HOW_TO_INSTALL } from './init/find-package-manager.js'
import { hasAuthFor, loadNpmConfig } from './registry/npm-config.js'
import { safeUrl } from './registry/registry-error.js'
import { readTrustFile } from './signing/trust-store.js'

export interface DoctorOptions {
  cwd: string
  registry?: string
  configDir?: string
  /** Per-request timeout of the registry checks. @default 5000 */
  timeoutMs?: number
}

/** One check: what was looked at, how it went, and the fix when it did not go well. */
export interface DoctorCheck {
  id: string
  title: string
  status: 'ok' | 'warn' | 'fail' | 'skip'
  message: string
  fix?: string
}

/** A package manager `pdk init` can install with, as found on PATH. */
export interface FoundPackageManager {
  name: PackageManagerName
  /** What `NAME --version` printed; null when it is not on PATH (or does not run). */
  version: string | null
  /** Where it is on PATH; null when it is not. */
  path: string | null
}

/** What `pdk doctor` found. `ok` is false when a check failed (warnings do not fail it). */
export interface DoctorResult {
  ok: boolean
  checks: DoctorCheck[]
  /** npm, pnpm and yarn, each with its version when found. */
  packageManagers: FoundPackageManager[]
}

const NODE_RANGE = '^22.22.2 || ^24.15.0 || >=26.0.0'

/** Checks Node, the package managers, the registry (reachable, logged in) and, in a host project, its configuration and plugins. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const cwd = resolve(options.cwd)
  const timeoutMs = options.timeoutMs ?? 5000
  const checks: DoctorCheck[] = []
  const ok = (id: string, title: string, message: string) => checks.push({ id, title, status: 'ok', message })
  const bad = (status: 'warn' | 'fail' | 'skip', id: string, title: string, message: string, fix?: string) =>
    checks.push({ id, title, status, message, ...(fix ? { fix } : {}) })

  if (semver.satisfies(process.versions.node, NODE_RANGE)) ok('node', 'Node.js', `Node ${process.versions.node}`)
  else
    bad(
      'fail',
      'node',
      'Node.js',
      `Node ${process.versions.node} is outside ${NODE_RANGE}.`,
      'Install Node 22.22.2 or later.',
    )

  const managers = await findPackageManagers(cwd)
  checks.push(checkPackageManagers(managers, cwd))

  const npm = await loadNpmConfig({ cwd, registry: options.registry })
  const registry = npm.registry
  const ping = await request(`${registry}-/ping`, timeoutMs)
  if (ping.status !== undefined && ping.status < 500)
    ok('registry', 'Registry', `${safeUrl(registry)} answers (HTTP ${ping.status})`)
  else {
    bad(
      'fail',
      'registry',
      'Registry',
      `${safeUrl(registry)} is not reachable${ping.error ? ` (${ping.error})` : ` (HTTP ${ping.status})`}.`,
      'Check the URL (`registry` in .npmrc or --registry) and your network or proxy.',
    )
  }
  if (!hasAuthFor(registry, npm)) {
    bad(
      'warn',
      'auth',
      'Registry login',
      `No credentials for ${safeUrl(registry)} in npm's configuration: you can install and search, not publish.`,
      `Run \`npm login --registry ${safeUrl(registry)}\` before \`pdk publish\`.`,
    )
  } else if (ping.status !== undefined) {
    const { default: fetch } = await import('npm-registry-fetch')
    try {
      const who = (await fetch.json('/-/whoami', { ...npm, timeout: timeoutMs, fetchRetries: 0 })) as {
        username?: string
      }
      ok('auth', 'Registry login', `logged in to ${safeUrl(registry)} as ${who.username ?? 'a user'}`)
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      bad(
        'fail',
        'auth',
        'Registry login',
        `${safeUrl(registry)} refuses the configured token${status ? ` (HTTP ${status})` : ''}.`,
        `Log in again: \`npm login --registry ${safeUrl(registry)}\`.`,
      )
    }
  } else bad('skip', 'auth', 'Registry login', 'Not checked: the registry is not reachable.')

  if (!existsSync(join(cwd, 'pdk.config.json'))) {
    bad('skip', 'host', 'Host project', `No pdk.config.json in ${cwd}: not a host project (plugin checks skipped).`)
    return { ok: !checks.some((c) => c.status === 'fail'), checks, packageManagers: managers }
  }
  try {
    const project = await loadHostProject(cwd, options.configDir)
    ok('host', 'Host project', `${project.name}@${project.version}, plugins in ${project.pluginsDir}`)
    if (project.coreVersion) ok('core', 'Host @pdk/core', `@pdk/core ${project.coreVersion}`)
    else
      bad(
        'warn',
        'core',
        'Host @pdk/core',
        `The host project has no @pdk/core installed: plugins' peer ranges cannot be checked.`,
        "Add @pdk/core to the host's dependencies and install them.",
      )
    const trust = await readTrustFile(project.trustFile)
    if (project.requireSignatures && trust.keys.length === 0) {
      bad(
        'fail',
        'trust',
        'Trusted keys',
        `requireSignatures is on, but ${project.trustFile} trusts no key: every install will be refused.`,
        "Add publishers' keys with `pdk keys trust PUBFILE --trusted <file>`.",
      )
    } else
      ok(
        'trust',
        'Trusted keys',
        `${trust.keys.length} trusted key${trust.keys.length === 1 ? '' : 's'} (${project.requireSignatures ? 'signatures required' : 'signatures optional'})`,
      )
    const { lock } = await readInstalled(project)
    const broken: string[] = []
    for (const [name, entry] of Object.entries(lock.plugins)) {
      const dir = join(project.pluginsDir, entry.path)
      if (!existsSync(dir) || (await computeDigest(dir)) !== entry.digest) broken.push(name)
    }
    const count = Object.keys(lock.plugins).length
    if (broken.length === 0)
      ok('plugins', 'Installed plugins', `${count} plugin${count === 1 ? '' : 's'}, all matching the lockfile`)
    else
      bad(
        'fail',
        'plugins',
        'Installed plugins',
        `${broken.join(', ')} changed on disk or went missing: the host will refuse ${broken.length === 1 ? 'it' : 'them'}.`,
        `Reinstall: \`pdk install ${broken.join(' ')}\`.`,
      )
  } catch (error) {
    const e = error as { message: string; hint?: string }
    bad('fail', 'host', 'Host project', e.message, e.hint)
  }
  return { ok: !checks.some((c) => c.status === 'fail'), checks, packageManagers: managers }
}

/** npm, pnpm and yarn: where each is on PATH and the version it reports. */
async function findPackageManagers(cwd: string): Promise<FoundPackageManager[]> {
  return Promise.all(
    PACKAGE_MANAGERS.map(async (name) => {
      const path = (await findOnPath(name)) ?? null
      const version = path === null ? null : ((await toolVersion(name, cwd)) ?? null)
      return { name, version, path }
    }),
  )
}

const LOCKFILES: Record<PackageManagerName, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  yarn: 'yarn.lock',
}

/**
 * Fails with none found; warns when the project in `cwd` has the lockfile of one that is
 * missing (its next install would fail); otherwise lists what was found, and which runs pdk.
 */
function checkPackageManagers(managers: FoundPackageManager[], cwd: string): DoctorCheck {
  const title = 'Package managers'
  const found = managers.filter((m) => m.version !== null)
  const missing = managers.filter((m) => m.version === null).map((m) => m.name)
  // On PATH but `--version` failed: a broken install, not an absent one.
  const labels = managers
    .filter((m) => m.version === null)
    .map((m) => (m.path === null ? m.name : `${m.name} (${m.path} does not run)`))
  const agent = process.env.npm_config_user_agent?.split(' ')[0]
  const message = [
    found.map((m) => `${m.name} ${m.version}`).join(', '),
    labels.length > 0 && `not found: ${labels.join(', ')}`,
  ]
    .filter(Boolean)
    .join('; ')
  if (found.length === 0) {
    return {
      id: 'package-manager',
      title,
      status: 'fail',
      message: `No package manager runs here (not found: ${labels.join(', ')}).`,
      fix: HOW_TO_INSTALL.npm,
    }
  }
  const needed = missing.find((name) => existsSync(join(cwd, LOCKFILES[name])))
  if (needed) {
    return {
      id: 'package-manager',
      title,
      status: 'warn',
      message: `${message}. This project has ${LOCKFILES[needed]}, but ${needed} is not on PATH.`,
      fix: HOW_TO_INSTALL[needed],
    }
  }
  return {
    id: 'package-manager',
    title,
    status: 'ok',
    message: `${message}${agent ? ` (pdk runs under ${agent})` : ''}`,
  }
}

function toolVersion(tool: string, cwd: string): Promise<string | undefined> {
  return new Promise((resolveVersion) => {
    const child = spawn(tool, ['--version'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
      shell: process.platform === 'win32',
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('error', () => resolveVersion(undefined))
    child.on('close', (code) => resolveVersion(code === 0 ? out.trim() : undefined))
  })
}

async function request(url: string, timeoutMs: number): Promise<{ status?: number; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    await response.arrayBuffer()
    return { status: response.status }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    return { error: cause?.code ?? (error as Error).name }
  }
}
