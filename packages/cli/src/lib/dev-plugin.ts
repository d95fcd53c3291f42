import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type {
  Host,
  HostOptions,
  IsolationMode,
  LogEntry,
  PdkErrorData,
  PluginHealth,
  PluginInfo,
  PluginPackageJson,
  ReloadResult,
} from '@pdk/core'
import type { BuildMessage } from './build-plugin.js'

/** Options of `devPlugin`. */
export interface DevPluginOptions {
  /** The plugin project. */
  cwd: string
  /** Where the plugin runs. A worker (the default) loads the rebuilt code afresh on every restart. */
  isolation?: IsolationMode
  /** Type-check on every build. @default true */
  typecheck?: boolean
  /** Stops the session; `devPlugin` then stops the host and resolves. */
  signal: AbortSignal
  /** Hears everything the session does. */
  onEvent(event: DevEvent): void
}

/** What a `pdk dev` session reports, one event at a time (NDJSON with `--json`). */
export type DevEvent =
  | { event: 'build'; build: number; ok: boolean; durationMs: number; errors: BuildMessage[] }
  | {
      event: 'started'
      build: number
      plugin: PluginInfo
      health: PluginHealth | undefined
      metrics: string[]
      /** Set when the build was swapped in blue/green by `host.reload` rather than by a fresh host. */
      reload?: ReloadResult
    }
  | {
      event: 'failed'
      build: number
      plugin: PluginInfo | undefined
      error: PdkErrorData
      /** The previous build still runs (a reload that failed before its switch keeps it). */
      serving?: boolean
    }
  | { event: 'log'; level: LogEntry['level']; plugin: string | undefined; message: string; fields?: unknown }
  | { event: 'stopped'; builds: number }

/** What a session did, once it stopped. */
export interface DevResult {
  ok: boolean
  builds: number
}

/**
 * Runs a plugin in a development host and keeps it current: builds it (watching `src/`), starts
 * a host made for it (the host name and lowest version its manifest accepts, its kind, the hooks
 * it taps, every permission it asks for, values cloned at every crossing, storage in
 * `.pdk/dev`), and after every successful rebuild hot-reloads it blue/green (`host.reload`: the
 * new code loads in a new worker beside the running one, takes its `snapshot()`, and serves from
 * the switch on; if it fails, the previous build keeps serving). A rebuild the running host
 * cannot take (it taps a hook the host does not declare, or its manifest no longer fits) starts
 * a fresh host instead. A failed build keeps the running plugin.
 * `dev.host` in pdk.config.json names a module whose default export receives these host options
 * and returns the ones to use (more plugins, settings, hooks).
 */
export async function devPlugin(options: DevPluginOptions): Promise<DevResult> {
  const cwd = resolve(options.cwd)
  const [{ readManifest, validateManifest, loadPdkConfig, createHost, PdkError }, { buildPlugin }] = await Promise.all([
    import('@pdk/core'),
    import('./build-plugin.js'),
  ])
  // The manifest as the dev host is made for it; a save of package.json reads it again.
  const readValidManifest = async (): Promise<PluginPackageJson> => {
    const read = await readManifest(cwd)
    const report =
      read.value === undefined ? undefined : validateManifest(read.value, { file: read.file, text: read.text })
    if (report?.manifest !== undefined) return report.manifest
    const findings = [...read.findings, ...(report?.findings ?? [])].filter((f) => f.severity === 'error')
    throw new PdkError(
      'PDK_MANIFEST_INVALID',
      `${read.file} is not a valid plugin manifest: ${findings[0]?.message ?? 'it cannot be read'}`,
      {
        hint: 'Run `pdk validate` to see every problem with its fix.',
        details: { file: read.file, pointer: findings[0]?.pointer, findings },
      },
    )
  }
  let manifest = await readValidManifest()
  const { config } = await loadPdkConfig(cwd)
  let host: Host | undefined
  let declaredHooks: string[] = []
  let builds = 0
  let ok = true
  // Restarts run one after the other: a save during a restart waits for it.
  let restarting: Promise<void> = Promise.resolve()

  // Tells how the plugin runs after a build: started (or swapped in), or failed.
  const announce = async (build: number, reload?: ReloadResult) => {
    const info = host?.list().find((p) => p.name === manifest.name)
    if (host !== undefined && (info?.state === 'started' || (info?.state === 'resolved' && info.lazy))) {
      const health = (await host.health()).plugins[manifest.name]
      const metrics = host
        .metricsText()
        .split('\n')
        .filter((line) => line.includes(`plugin="${manifest.name}"`) && !line.startsWith('#'))
      options.onEvent({ event: 'started', build, plugin: info, health, metrics, ...(reload && { reload }) })
      return
    }
    ok = false
    const error =
      info?.lastError ?? new PdkError('PDK_NOT_FOUND', `The dev host did not load "${manifest.name}".`).toJSON()
    options.onEvent({ event: 'failed', build, plugin: info, error })
  }

  // Swaps the new build into the running host; false when only a fresh host can take it.
  const reload = async (build: number): Promise<boolean> => {
    const running = host
    if (running === undefined || running.list().find((p) => p.name === manifest.name) === undefined) return false
    const declared = new Set(declaredHooks)
    if (!(await tappedHooks(cwd, manifest, build)).every((hook) => declared.has(hook))) return false
    let result: ReloadResult
    try {
      result = await running.reload(manifest.name)
    } catch (error) {
      const data = PdkError.from(error).toJSON()
      // The new version does not fit the host made for the old one: make a new host. (An
      // invalid package.json fails at 'discover': it is reported and the running one kept.)
      if (data.details.at === 'resolve') return false
      ok = false
      const plugin = running.list().find((p) => p.name === manifest.name)
      options.onEvent({ event: 'failed', build, plugin, error: data, serving: plugin?.state === 'started' })
      return true
    }
    await announce(build, result)
    return true
  }

  const restart = async (build: number) => {
    if (await reload(build)) return
    // A host made for the manifest as it is now; an invalid one throws before the running host stops.
    manifest = await readValidManifest()
    await host?.stop()
    host = undefined
    const minimal = await minimalHostOptions(cwd, manifest, build, options, (entry) =>
      options.onEvent({
        event: 'log',
        level: entry.level,
        plugin: entry.plugin,
        message: entry.message,
        ...(entry.fields !== undefined && { fields: entry.fields }),
      }),
    )
    const hostOptions = config.dev?.host ? await customHost(cwd, config.dev.host, minimal) : minimal
    host = await createHost(hostOptions)
    declaredHooks = Object.keys(hostOptions.hooks ?? {})
    await host.start().catch(() => undefined)
    await announce(build)
  }

  try {
    await buildPlugin({
      cwd,
      watch: true,
      typecheck: options.typecheck ?? true,
      signal: options.signal,
      onRebuild: (result) => {
        // Watch mode numbers its builds.
        const build = result.build ?? builds + 1
        builds = build
        options.onEvent({
          event: 'build',
          build,
          ok: result.ok,
          durationMs: result.durationMs,
          errors: result.errors,
        })
        if (!result.ok) return
        ok = true
        restarting = restarting.then(() =>
          restart(build).catch((error: unknown) => {
            ok = false
            options.onEvent({ event: 'failed', build, plugin: undefined, error: PdkError.from(error).toJSON() })
          }),
        )
      },
    })
  } finally {
    await restarting
    await host?.stop()
    options.onEvent({ event: 'stopped', builds })
  }
  return { ok, builds }
}

async function minimalHostOptions(
  cwd: string,
  manifest: PluginPackageJson,
  build: number,
  options: DevPluginOptions,
  log: (entry: LogEntry) => void,
): Promise<HostOptions> {
  const { default: minVersion } = await import('semver/ranges/min-version.js')
  const { BUILTIN_KINDS } = await import('@pdk/core')
  const { pdk } = manifest
  return {
    name: pdk.host.name,
    version: minVersion(pdk.host.range)?.version ?? '1.0.0',
    kinds: (BUILTIN_KINDS as readonly string[]).includes(pdk.kind) ? [] : [pdk.kind],
    plugins: [cwd],
    hooks: Object.fromEntries((await tappedHooks(cwd, manifest, build)).map((name) => [name, 'waterfall' as const])),
    policy: { grant: (m) => m.pdk.permissions },
    storage: { dir: join(cwd, '.pdk', 'dev') },
    isolation: { default: options.isolation ?? 'worker' },
    restart: { maxRestarts: 0 },
    cloneValues: true,
    logger: log,
  }
}

// The hooks a plugin taps are known only from its definition: its built entry, imported afresh
// for each build (the host refuses a plugin that taps a hook it does not declare).
async function tappedHooks(cwd: string, manifest: PluginPackageJson, build: number): Promise<string[]> {
  const { resolveManifestEntry } = await import('@pdk/core')
  const entry = resolveManifestEntry(manifest)
  if (entry === undefined) return []
  try {
    const url = `${pathToFileURL(resolve(cwd, entry.path)).href}?pdk-dev=${build}`
    const module = (await import(url)) as { default?: { hooks?: Record<string, unknown> } }
    return Object.keys(module.default?.hooks ?? {})
  } catch {
    // The host loads it again and reports what is wrong with it.
    return []
  }
}

async function customHost(cwd: string, module: string, minimal: HostOptions): Promise<HostOptions> {
  const { PdkError } = await import('@pdk/core')
  const file = resolve(cwd, module)
  const loaded = (await import(pathToFileURL(file).href)) as { default?: unknown }
  if (typeof loaded.default !== 'function') {
    throw new PdkError('PDK_CONFIG_INVALID', `dev.host (${file}) does not default-export a function.`, {
      hint: 'Export `default (options) => ({ ...options, settings: { ... } })`: it receives the dev host options and returns the ones to use.',
      details: { file, pointer: '/dev/host' },
    })
  }
  return (await (loaded.default as (o: HostOptions) => HostOptions | Promise<HostOptions>)(minimal)) ?? minimal
}
