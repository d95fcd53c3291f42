import { relative, resolve } from 'node:path'
import type { RenderedFile, Template, TemplateValue } from '@pdk/templates'
import { type Progress, silentProgress } from '../render/progress.js'
import type { Asker } from './init/asker.js'
import type { PackageManagerName } from './init/check-answers.js'
import { collectAnswers, INIT_DEFAULTS, type InitAnswers } from './init/collect-answers.js'
import { requirePackageManager } from './init/find-package-manager.js'
import { initError } from './init/init-error.js'
import { type GitOutcome, gitUserName, initGit } from './init/init-git.js'
import { type InstallOutcome, installDependencies } from './init/install-dependencies.js'
import { checkTarget, createStaging, moveIntoPlace, type Staging } from './init/place-project.js'
import { type ResolvedTemplate, resolveTemplate } from './init/resolve-template.js'

/** Options of `initProject` (`pdk init`): every flag of spec/cli.md. */
export interface InitProjectOptions {
  /** Where `pdk init` runs: NAME and `--dir` are relative to it. */
  cwd: string
  /** The npm package name; without its scope, the folder created. */
  name?: string
  /** A built-in template, an npm package of templates, or a folder. @default 'extension' */
  template?: string
  /** @default the template's kind */
  kind?: string
  /** @default 'A pdk plugin' */
  description?: string
  /** `NAME@RANGE`. @default 'example-host@^1.0.0' */
  host?: string
  /** `fs.read=./assets,network=api.example.com:443,env=TOKEN`. @default none */
  permissions?: string
  /** @default the one that runs pdk (`npm_config_user_agent`), else npm */
  packageManager?: string
  /** @default git's user.name */
  author?: string
  /** @default 'MIT' */
  license?: string
  /** @default true */
  install?: boolean
  /** @default true */
  git?: boolean
  /** Write into a non-empty folder. */
  force?: boolean
  /** The folder to create, instead of the unscoped NAME. */
  dir?: string
  /** Check and render, list the files, write nothing. */
  dryRun?: boolean
  /** Registry for an npm template (overrides npm's configuration). */
  registry?: string
  /** Words of the command line that are the template's own flags (`--greeting Hi`). */
  templateArgs?: string[]
  /** Template variables by name (programmatic use). */
  vars?: Record<string, TemplateValue>
  /** Asks for what flags did not give; without one nothing is asked and defaults apply. */
  asker?: Asker
  progress?: Progress
  /** Aborting (Ctrl-C) stops the work and removes everything written. */
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
}

/** What `pdk init` did (or, with `dryRun`, would do). */
export interface InitResult {
  /** False when the install failed (the project is kept; `install.command` retries it). */
  ok: boolean
  dryRun: boolean
  name: string
  /** The project folder (absolute). */
  dir: string
  template: { name: string; type: 'plugin' | 'host'; source: 'builtin' | 'folder' | 'npm'; from?: string }
  kind: string
  packageManager: PackageManagerName
  files: Array<{ path: string; bytes: number }>
  /** null when skipped (`--no-install`, `--dry-run`). */
  install: InstallOutcome | null
  /** null when skipped (`--no-git`, `--dry-run`). */
  git: GitOutcome | null
  /** The commands to run next, in order. */
  next: string[]
}

async function checkAborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) {
    throw await initError('PDK_ABORTED', 'pdk init was interrupted; nothing was left behind.', {
      hint: 'Run pdk init again when you are ready.',
    })
  }
}

/**
 * Scaffolds a plugin or host project from a template: collects and checks every value first,
 * renders in memory, writes into a staging folder beside the target, installs and commits
 * there, then moves it into place, so an error or Ctrl-C leaves nothing behind. A failed
 * install keeps the project and says how to retry. Never prints; progress goes to `progress`.
 */
export async function initProject(options: InitProjectOptions): Promise<InitResult> {
  const progress = options.progress ?? silentProgress
  const env = options.env ?? process.env
  const cwd = resolve(options.cwd)
  // The default author comes from git, a child process: start it now, it is needed only later.
  const gitAuthor = options.author === undefined ? gitUserName(cwd, env) : undefined
  let spec = options.template
  if (spec === undefined && options.asker) spec = await askTemplate(options.asker)
  spec ??= INIT_DEFAULTS.template
  const fetching = !(await import('@pdk/templates')).isBuiltinTemplate(spec)
  const resolved: ResolvedTemplate = fetching
    ? await progress.task(`Load template ${spec}`, () => resolveTemplate(spec, resolveOptions(options, cwd, env)))
    : await resolveTemplate(spec, resolveOptions(options, cwd, env))
  try {
    return await scaffold(resolved, { ...options, ...(gitAuthor && { gitAuthor }) }, cwd, env, progress)
  } finally {
    await resolved.cleanup()
  }
}

function resolveOptions(options: InitProjectOptions, cwd: string, env: NodeJS.ProcessEnv) {
  return { cwd, env, ...(options.registry !== undefined && { registry: options.registry }) }
}

async function askTemplate(asker: Asker): Promise<string> {
  const { listTemplates } = await import('@pdk/templates')
  const other = '\0other'
  const choice = await asker.select({
    message: 'Template',
    choices: [
      ...(await listTemplates()).map((t) => ({ value: t.name, name: t.name, description: t.description })),
      { value: other, name: 'another template…', description: 'an npm package of templates or a folder' },
    ],
    default: INIT_DEFAULTS.template,
  })
  if (choice !== other) return choice
  return asker.text({
    message: 'Template package or folder',
    validate: (v) => (v.trim() ? undefined : 'give a package name or a folder'),
  })
}

async function scaffold(
  resolved: ResolvedTemplate,
  options: InitProjectOptions & { gitAuthor?: Promise<string> },
  cwd: string,
  env: NodeJS.ProcessEnv,
  progress: Progress,
): Promise<InitResult> {
  const { template } = resolved
  const answers = await collectAnswers(template, { ...options, cwd, env }, options.asker)
  const { createTemplateContext, renderTemplateFiles } = await import('@pdk/templates')
  const context = createTemplateContext({
    name: answers.name,
    description: answers.description,
    kind: answers.kind,
    host: answers.host,
    ...(answers.permissions && { permissions: answers.permissions }),
    author: answers.author,
    license: answers.license,
    packageManager: answers.packageManager,
    vars: answers.vars,
  })
  const dir = resolve(cwd, options.dir ?? context.unscopedName)
  const target = await checkTarget(dir, Boolean(options.force))
  const files = await renderTemplateFiles(template, context)
  await checkRenderedManifest(files, template)
  const base: InitResult = {
    ok: true,
    dryRun: Boolean(options.dryRun),
    name: answers.name,
    dir,
    template: {
      name: template.manifest.name,
      type: template.manifest.type ?? 'plugin',
      source: template.source,
      ...(resolved.from !== undefined && { from: resolved.from }),
    },
    kind: answers.kind,
    packageManager: answers.packageManager,
    files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })),
    install: null,
    git: null,
    next: [],
  }
  if (options.dryRun) return { ...base, next: nextCommands(base, cwd, answers, false) }
  // Before anything is written: a package manager that is not installed is a plain error.
  if (answers.install) await requirePackageManager(answers.packageManager, env)
  await checkAborted(options.signal)

  const staging = await createStaging(dir)
  let placed = false
  try {
    const { writeRenderedFiles } = await import('@pdk/templates')
    await progress.task(`Write ${files.length} files from template ${template.manifest.name}`, () =>
      writeRenderedFiles(files, staging.dir),
    )
    await checkAborted(options.signal)
    // Into a missing or empty folder everything happens in the staging folder, then one rename;
    // into a non-empty one (--force) the files move first and the install runs in place.
    const workDir = target.existing.length === 0 ? staging.dir : dir
    if (workDir === dir) {
      await moveIntoPlace(staging.dir, target)
      placed = true
    }
    const install = answers.install ? await runInstall(workDir, answers.packageManager, options, env, progress) : null
    await checkAborted(options.signal)
    const git =
      options.git === false
        ? null
        : await progress.task('Initialise git', () => initGit(workDir, resolve(dir, '..'), env))
    await checkAborted(options.signal)
    if (!placed) {
      await moveIntoPlace(staging.dir, target)
      placed = true
    }
    const result = { ...base, ok: install?.ok !== false, install, git }
    return { ...result, next: nextCommands(result, cwd, answers, install?.ok === true) }
  } catch (error) {
    if (!placed) await discardQuietly(staging)
    throw error
  }
}

async function runInstall(
  dir: string,
  packageManager: PackageManagerName,
  options: InitProjectOptions,
  env: NodeJS.ProcessEnv,
  progress: Progress,
): Promise<InstallOutcome> {
  try {
    return await progress.task(`Install dependencies with ${packageManager}`, async (update) => {
      const outcome = await installDependencies(dir, packageManager, {
        env,
        ...(options.signal && { signal: options.signal }),
        onLine: (line) => update(line.slice(0, 100)),
      })
      // A spinner task that fails shows as failed; the outcome itself carries the details.
      if (!outcome.ok && !options.signal?.aborted) throw Object.assign(new Error(outcome.message), { outcome })
      return outcome
    })
  } catch (error) {
    const outcome = (error as { outcome?: InstallOutcome }).outcome
    if (outcome) return outcome
    throw error
  }
}

async function discardQuietly(staging: Staging): Promise<void> {
  try {
    await staging.discard()
  } catch {
    // The original error matters more than a leftover temporary folder.
  }
}

/**
 * A template must render a package.json, and a plugin template a manifest a host accepts (the
 * rules of `pdk validate`). Built-in templates are held to that by their own tests (every one,
 * rendered, passes validateManifest) and take only values checked above, so only templates
 * from a folder or a package are checked here: that keeps @pdk/core out of `pdk init`'s start.
 */
async function checkRenderedManifest(files: RenderedFile[], template: Template): Promise<void> {
  const { name, type = 'plugin' } = template.manifest
  const pkgFile = files.find((f) => f.path === 'package.json')
  if (!pkgFile) {
    throw await initError('PDK_TEMPLATE', `Template "${name}" renders no package.json.`, {
      hint: 'A template must produce package.json at the project root.',
    })
  }
  let pkg: unknown
  try {
    pkg = JSON.parse(pkgFile.content.toString())
  } catch (error) {
    throw await initError(
      'PDK_TEMPLATE',
      `Template "${name}" renders a package.json that is not JSON: ${(error as Error).message}`,
      {
        hint: "Fix the template's package.json.ejs.",
        details: { file: 'package.json' },
      },
    )
  }
  if (type !== 'plugin' || template.source === 'builtin') return
  const { validateManifest } = await import('@pdk/core')
  const report = validateManifest(pkg, { file: 'package.json', text: pkgFile.content.toString() })
  const errors = report.findings.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw await initError(
      'PDK_TEMPLATE',
      `Template "${name}" renders a manifest a host would refuse: ${errors.map((f) => `${f.message} (${f.pointer ?? ''})`).join('; ')}`,
      {
        hint: `${errors[0]?.hint ? `${errors[0].hint} ` : ''}Fix the template (or the values given for it); nothing was written.`,
        details: { file: 'package.json', findings: errors },
      },
    )
  }
}

function nextCommands(result: InitResult, cwd: string, answers: InitAnswers, installed: boolean): string[] {
  const pm = answers.packageManager
  const exec = (command: string) => (pm === 'npm' ? `npx ${command}` : `${pm} ${command}`)
  const run = (script: string) => (pm === 'npm' ? `npm run ${script}` : `${pm} ${script}`)
  const rel = relative(cwd, result.dir)
  const next: string[] = []
  if (rel !== '') next.push(`cd ${/\s/.test(rel) ? JSON.stringify(rel) : rel}`)
  if (!installed) next.push(`${pm} install`)
  if (result.template.type === 'host') next.push(run('build'), run('test'), run('start'))
  else next.push(exec('pdk build'), exec('pdk test'), exec('pdk validate'), exec('pdk dev'))
  return next
}
