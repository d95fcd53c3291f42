import { resolve } from 'node:path'
import { loadHostConfig } from '@pdk/core'
import { examplePolicy } from './example-policy.js'
import { exampleSettings } from './example-settings.js'
import { lineLogger } from './line-logger.js'

/** Where the example host finds plugins and keeps its state. */
export interface ExampleHostSources {
  /** The host project: the folder with `pdk.config.json`. */
  cwd: string
  /** Plugin folders to load besides the project's `pluginsDir` (e.g. `examples/plugins`). */
  extraPlugins?: string[]
  /** Lowest log level written to stderr. @default process.env.LOG_LEVEL ?? 'info' */
  logLevel?: string
}

/** The kinds the example host accepts besides system, integration and extension (Homeostasis-style). */
export const exampleKinds = ['analysis', 'monitoring']

/** The extension points the example host offers plugins. */
export const exampleHooks = {
  /** Plugins add `{ method, path, plugin, topic }` routes; the HTTP server dispatches them. */
  'http.routes': 'waterfall',
} as const

/** `createHost` options: the project's `pdk.config.json` (through `loadHostConfig`) plus what this host adds. */
export async function exampleHostOptions({ cwd, extraPlugins = [], logLevel }: ExampleHostSources) {
  const base = await loadHostConfig(cwd)
  return {
    ...base,
    kinds: exampleKinds,
    hooks: { ...exampleHooks },
    plugins: [...(base.plugins ?? []), ...extraPlugins.map((dir) => resolve(cwd, dir))],
    settings: exampleSettings,
    policy: examplePolicy,
    logger: lineLogger(logLevel ?? process.env.LOG_LEVEL ?? 'info'),
  }
}
