import { existsSync } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Template } from '@pdk/templates'
import { loadNpmConfig } from '../registry/npm-config.js'
import { initError } from './init-error.js'

/** A template ready to render, and how to let go of what fetching it left on disk. */
export interface ResolvedTemplate {
  template: Template
  /** What `--template` said. */
  spec: string
  /** The npm package it came from (`name@version`), for npm templates. */
  from?: string
  /** Removes the unpacked package of an npm template; a no-op otherwise. */
  cleanup(): Promise<void>
}

export interface ResolveTemplateOptions {
  cwd: string
  /** `--registry`: overrides npm's configured registry for fetching a template package. */
  registry?: string
  env?: NodeJS.ProcessEnv
}

const noop = async () => {}

function looksLikePath(spec: string): boolean {
  return /^(\.{1,2}([/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)
}

/**
 * Finds the template `--template` names: a built-in template, a folder with a `template.json`
 * (a path, or a folder that exists under `cwd`), or an npm package of templates fetched with
 * pacote from the registry in npm's configuration (`pkg`, `pkg@range`, `pkg#template` for a
 * pack of several).
 */
export async function resolveTemplate(spec: string, options: ResolveTemplateOptions): Promise<ResolvedTemplate> {
  const { isBuiltinTemplate, loadTemplate, BUILTIN_TEMPLATES } = await import('@pdk/templates')
  if (isBuiltinTemplate(spec)) return { template: await loadTemplate(spec), spec, cleanup: noop }
  const local = resolve(options.cwd, spec)
  if (looksLikePath(spec) || existsSync(local)) {
    if (existsSync(local) && (await stat(local)).isFile())
      return fetchPackage(spec, `file:${local}`, undefined, options)
    return { template: await loadTemplate(local, { source: 'folder' }), spec, cleanup: noop }
  }
  const hash = spec.lastIndexOf('#')
  const packageSpec = hash > 0 ? spec.slice(0, hash) : spec
  const name = hash > 0 ? spec.slice(hash + 1) : undefined
  const { default: npa } = await import('npm-package-arg')
  let parsed: ReturnType<typeof npa>
  try {
    parsed = npa(packageSpec)
  } catch (error) {
    throw await usage(spec, BUILTIN_TEMPLATES, (error as Error).message)
  }
  if (!['tag', 'version', 'range', 'alias'].includes(parsed.type ?? '')) {
    throw await usage(spec, BUILTIN_TEMPLATES, `it is a ${parsed.type} specifier`)
  }
  return fetchPackage(spec, packageSpec, name, options)
}

function usage(spec: string, builtins: readonly string[], why: string) {
  return initError(
    'PDK_USAGE',
    `--template "${spec}" is not a built-in template, a folder or an npm package name (${why}).`,
    {
      hint: `Use one of ${builtins.join(', ')}, a folder such as ./my-template, or a package such as @acme/pdk-templates.`,
      details: { template: spec },
    },
  )
}

async function fetchPackage(
  spec: string,
  packageSpec: string,
  name: string | undefined,
  options: ResolveTemplateOptions,
): Promise<ResolvedTemplate> {
  const { findTemplateInPackage, loadTemplate, BUILTIN_TEMPLATES } = await import('@pdk/templates')
  const npm = await loadNpmConfig({
    cwd: options.cwd,
    ...(options.registry !== undefined && { registry: options.registry }),
    ...(options.env !== undefined && { env: options.env }),
  })
  const dir = await mkdtemp(join(tmpdir(), 'pdk-template-'))
  const cleanup = () => rm(dir, { recursive: true, force: true })
  try {
    const { default: pacote } = await import('pacote')
    const fetched = await pacote.extract(packageSpec, dir, npm)
    const templateDir = await findTemplateInPackage(dir, name)
    const template = await loadTemplate(templateDir, { source: 'npm' })
    return { template, spec, from: fetched.from ?? packageSpec, cleanup }
  } catch (error) {
    await cleanup()
    const { didYouMean, isPdkError } = await import('@pdk/core')
    if (isPdkError(error)) throw error
    const code = (error as { code?: string; statusCode?: number }).code
    if (code === 'E404' || (error as { statusCode?: number }).statusCode === 404 || code === 'ETARGET') {
      const [near] = didYouMean(packageSpec, [...BUILTIN_TEMPLATES])
      throw await initError(
        'PDK_TEMPLATE',
        `Template "${spec}" is not a built-in template, and the registry ${npm.registry} has no package "${packageSpec}"${code === 'ETARGET' ? ' in that version' : ''}.`,
        {
          hint: near
            ? `Did you mean --template ${near}?`
            : `Use one of ${BUILTIN_TEMPLATES.join(', ')}, a template folder, or a published template package (check the name and --registry).`,
          details: { template: spec, registry: npm.registry },
          cause: error,
        },
      )
    }
    throw await initError(
      'PDK_TEMPLATE',
      `Could not fetch template package "${packageSpec}" from ${npm.registry}: ${(error as Error).message}`,
      {
        hint: 'Check your network and npm configuration (registry, proxy, token), or pass --registry.',
        details: { template: spec, registry: npm.registry, code },
        cause: error,
      },
    )
  }
}
