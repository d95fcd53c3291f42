import { resolve } from 'node:path'
import { type Finding, PdkError } from '@pdk/core'
import { type Progress, silentProgress } from '../render/progress.js'
import { buildPlugin } from './build-plugin.js'
import { readPdkConfig } from './host-project/read-pdk-config.js'
import { checkNotPublished, nextVersion } from './registry/check-not-published.js'
import { makePackage } from './registry/make-package.js'
import { hasAuthFor, loadNpmConfig, type NpmOptions, registryFor } from './registry/npm-config.js'
import { nameAndVersion, readPackage } from './registry/read-package.js'
import { registryError, safeUrl } from './registry/registry-error.js'
import { runLifecycle } from './registry/run-lifecycle.js'
import { signPlugin } from './sign.js'
import { type TestResult, testPlugin } from './test-plugin.js'
import { validatePlugin } from './validate-plugin.js'

export interface PublishOptions {
  /** The plugin folder. */
  cwd: string
  /** Registry URL, overriding npm's configuration. @default npm's `registry` (or the package scope's) */
  registry?: string
  /** dist-tag. @default "latest" */
  tag?: string
  /** `public` or `restricted` (scoped packages). @default npm's `access` */
  access?: 'public' | 'restricted'
  /** One-time password for registries with 2FA. */
  otp?: string
  /** Do everything but send. @default false */
  dryRun?: boolean
  /** Publish a provenance statement (needs a CI identity, e.g. GitHub Actions OIDC). @default false */
  provenance?: boolean
  /** Run `pdk build` first. @default true */
  build?: boolean
  /** Run `pdk validate` (after the build, so the built entry is checked too). @default true */
  validate?: boolean
  /** Run the plugin's tests. @default true */
  test?: boolean
  /** Sign with this key (name or file); `false` never signs. @default `sign.key` of pdk.config.json, else unsigned */
  sign?: string | false
  configDir?: string
  progress?: Progress
}

/** One step of publishing and how it went. */
export interface PublishStep {
  step: 'registry' | 'build' | 'validate' | 'test' | 'scripts' | 'sign' | 'pack' | 'publish'
  status: 'done' | 'skipped' | 'failed'
  detail?: string
}

/** What `pdk publish` did. */
export interface PublishResult {
  ok: boolean
  name: string
  version: string
  /** The registry it went to (credentials stripped). */
  registry: string
  tag: string
  dryRun: boolean
  integrity: string | undefined
  shasum: string | undefined
  size: number
  files: { path: string; size: number }[]
  signed: boolean
  keyId: string | undefined
  steps: PublishStep[]
  findings: Finding[]
}

/**
 * Publishes a plugin: checks the version is new, builds it, runs its `prepack` and `prepare`
 * scripts, signs the exact files when a key is configured, packs with scripts off (signature
 * file always included) and sends it with libnpmpublish to the registry from npm's configuration.
 */
export async function publishPlugin(options: PublishOptions): Promise<PublishResult> {
  const cwd = resolve(options.cwd)
  const progress = options.progress ?? silentProgress
  const first = await readPackage(cwd)
  const { name, version } = nameAndVersion(first, cwd)
  const npm = await loadNpmConfig({ cwd, registry: options.registry })
  const registry = registryFor(name, npm)
  const tag = options.tag ?? (typeof npm.defaultTag === 'string' ? npm.defaultTag : 'latest')
  const result: PublishResult = {
    ok: false,
    name,
    version,
    registry: safeUrl(registry),
    tag,
    dryRun: options.dryRun === true,
    integrity: undefined,
    shasum: undefined,
    size: 0,
    files: [],
    signed: false,
    keyId: undefined,
    steps: [],
    findings: [],
  }
  const step = (s: PublishStep) => result.steps.push(s)

  if (first.private === true) {
    result.findings.push({
      rule: 'package/private',
      severity: 'error',
      message: `${name} has "private": true, so npm and pdk refuse to publish it.`,
      file: `${cwd}/package.json`,
      pointer: '/private',
      hint: 'Remove "private" from package.json if it is meant to be published.',
    })
    return result
  }

  await progress.task(`Check ${name}@${version} is new on ${safeUrl(registry)}`, async () => {
    if (!options.dryRun) await checkAuth(registry, npm, name)
    await checkNotPublished(name, version, npm)
  })
  step({ step: 'registry', status: 'done', detail: `${name}@${version} is not published yet` })

  if (options.build !== false) {
    const built = await buildPlugin({ cwd, progress })
    if (!built.ok) {
      step({ step: 'build', status: 'failed' })
      result.findings.push(
        ...built.errors.map(
          (e): Finding => ({
            rule: 'build/error',
            severity: 'error',
            message: e.text,
            file: e.file,
            line: e.line,
            column: e.column,
            hint: 'Fix the build (`pdk build` shows the same errors), then publish again.',
          }),
        ),
      )
      return result
    }
    step({ step: 'build', status: 'done', detail: `${built.outputs.length} files in ${built.outDir}` })
  } else step({ step: 'build', status: 'skipped' })

  if (options.validate !== false) {
    const report = await validatePlugin({ cwd, progress })
    result.findings.push(...report.findings.filter((f) => f.severity === 'error'))
    if (!report.ok) {
      step({ step: 'validate', status: 'failed', detail: `${report.summary.errors} errors` })
      return result
    }
    step({ step: 'validate', status: 'done', detail: `${report.summary.warnings} warnings` })
  } else step({ step: 'validate', status: 'skipped' })

  if (options.test !== false) {
    const tested = await runTests(cwd, progress)
    if (tested === undefined) step({ step: 'test', status: 'skipped', detail: 'no test files' })
    else if (!tested.ok) {
      step({ step: 'test', status: 'failed', detail: `${tested.counts.failed} failed` })
      result.findings.push(
        ...tested.failures.map(
          (f): Finding => ({
            rule: 'test/failed',
            severity: 'error',
            message: `${f.test ? `"${f.test}"` : 'The test file'} failed: ${f.message.split('\n')[0]}`,
            file: f.file,
            line: f.line,
            column: f.column,
            hint: 'Fix the failing test (`pdk test` runs them), or publish with --no-test if you must.',
          }),
        ),
        ...tested.errors.map(
          (e): Finding => ({
            rule: 'test/error',
            severity: 'error',
            message: e.message.split('\n')[0] ?? e.message,
            file: e.file,
            line: e.line,
            hint: 'Fix the error (`pdk test` shows it), then publish again.',
          }),
        ),
      )
      return result
    } else step({ step: 'test', status: 'done', detail: `${tested.counts.passed} passed` })
  } else step({ step: 'test', status: 'skipped' })

  // npm's order for `npm publish`: prepack, prepare, then pack with scripts off, then postpack.
  const ran: string[] = []
  await progress.task('Run lifecycle scripts', async (update) => {
    for (const event of ['prepack', 'prepare']) {
      update(event)
      if (await runLifecycle(cwd, await readPackage(cwd), event)) ran.push(event)
    }
  })
  step({ step: 'scripts', status: ran.length ? 'done' : 'skipped', detail: ran.join(', ') || 'none defined' })

  const keyRef = options.sign === false ? undefined : (options.sign ?? (await readPdkConfig(cwd)).sign?.key)
  if (keyRef) {
    const signed = await signPlugin({ cwd, key: keyRef, configDir: options.configDir, progress })
    result.keyId = signed.keyId
    step({ step: 'sign', status: 'done', detail: `key ${signed.keyId}` })
  } else step({ step: 'sign', status: 'skipped', detail: 'no key configured (sign.key in pdk.config.json)' })

  const made = await progress.task('Pack', () => makePackage(cwd))
  Object.assign(result, {
    integrity: made.integrity,
    shasum: made.shasum,
    size: made.data?.length ?? 0,
    files: made.files,
    signed: made.signed,
  })
  result.findings.push(...made.findings)
  if (!made.data) {
    step({ step: 'pack', status: 'failed' })
    return result
  }
  step({ step: 'pack', status: 'done', detail: `${made.files.length} files, ${made.integrity}` })
  if (made.version !== version) {
    throw new PdkError(
      'PDK_USAGE',
      `A lifecycle script changed the version of ${name} from ${version} to ${made.version}.`,
      {
        hint: 'Set the version before `pdk publish` (e.g. `npm version patch`), not in prepack/prepare.',
        details: { plugin: name, version: made.version },
      },
    )
  }

  if (options.dryRun) {
    step({ step: 'publish', status: 'skipped', detail: 'dry run: nothing sent' })
    result.ok = true
    return result
  }
  await progress.task(`Publish ${name}@${version} to ${safeUrl(registry)} (${tag})`, async () => {
    const { publish } = await import('libnpmpublish')
    try {
      await publish(
        made.pkg as never,
        made.data as Buffer,
        {
          ...(npm as object),
          registry,
          defaultTag: tag,
          access: options.access ?? (npm.access as string | undefined) ?? undefined,
          otp: options.otp,
          provenance: options.provenance === true,
        } as never,
      )
    } catch (error) {
      const e = error as { code?: string; statusCode?: number }
      if (e.code === 'EOTP') {
        throw new PdkError(
          'PDK_AUTH',
          `${safeUrl(registry)} asks for a one-time password to publish "${name}@${version}".`,
          {
            hint: 'Pass the code from your authenticator with `--otp 123456`.',
            details: { registry: safeUrl(registry), plugin: name, version },
            cause: error,
          },
        )
      }
      const wrapped = registryError(error, { action: 'publish', registry, name, version })
      if (wrapped.code === 'PDK_VERSION_EXISTS') {
        throw new PdkError(wrapped.code, wrapped.message, {
          hint: `Another publish got there first: set "version" to "${nextVersion(version, [])}" and publish again.`,
          details: wrapped.details,
          cause: error,
        })
      }
      throw wrapped
    }
  })
  step({ step: 'publish', status: 'done', detail: `${name}@${version} → ${safeUrl(registry)} (${tag})` })
  result.ok = true
  return result
}

/** The plugin's test run, or undefined when it has no tests (nothing to hold the publish back). */
async function runTests(cwd: string, progress: Progress): Promise<TestResult | undefined> {
  try {
    return await testPlugin({ cwd, progress, output: process.stderr, color: false })
  } catch (error) {
    if ((error as PdkError).code === 'PDK_NO_TESTS') return undefined
    throw error
  }
}

/** Fails early, with a fix, when npm's configuration holds no credentials for the registry or they are refused. */
async function checkAuth(registry: string, npm: NpmOptions, name: string): Promise<void> {
  if (!hasAuthFor(registry, npm)) {
    throw new PdkError(
      'PDK_AUTH',
      `npm's configuration has no credentials for ${safeUrl(registry)}, so "${name}" cannot be published there.`,
      {
        hint: `Run \`npm login --registry ${safeUrl(registry)}\`, or add \`${safeUrl(registry).replace(/^https?:/, '')}:_authToken=\${NPM_TOKEN}\` to .npmrc.`,
        details: { registry: safeUrl(registry), plugin: name },
      },
    )
  }
  const { default: fetch } = await import('npm-registry-fetch')
  try {
    await fetch.json('/-/whoami', { ...npm, registry, preferOnline: true })
  } catch (error) {
    throw registryError(error, { action: 'publish', registry, name })
  }
}
