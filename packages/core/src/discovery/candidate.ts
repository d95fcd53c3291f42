import type { PdkError } from '../errors.js'
import type { PluginPackageJson } from '../manifest/types.js'
import type { PluginDefinition } from '../plugin/types.js'

/** A plugin found and validated, not yet resolved; nothing of it has been imported. */
export interface Candidate {
  manifest: PluginPackageJson
  /** The package folder; undefined for in-memory plugins without one. */
  dir: string | undefined
  /** Absolute path of the entry module (folder plugins). */
  entry: string | undefined
  /** The definition (in-memory plugins). */
  definition: PluginDefinition<any> | undefined
  /** Where it came from, for messages: a folder or `in-memory`. */
  origin: string
}

/** A plugin refused before resolution, with the name and version when the manifest had them. */
export interface Refusal {
  name: string | undefined
  version: string | undefined
  kind: string | undefined
  dir: string | undefined
  error: PdkError
}
