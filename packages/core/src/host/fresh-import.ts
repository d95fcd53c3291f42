import type { PluginRecord } from './plugin-record.js'

// ESM keeps every module it imported. A hot reload imports an in-process plugin's entry under a
// URL of its own (`?pdk-reload=N`); later starts of that plugin (a restart by hand or by the
// supervisor) must import that generation, not the first one. Only reloaded plugins are here.
const generations = new WeakMap<PluginRecord, number>()
let last = 0

/** A new import generation for `record`'s entry, used from now on. */
export function nextImport(record: PluginRecord): number {
  generations.set(record, ++last)
  return last
}

/** The import generation of `record`'s entry: undefined until it is reloaded. */
export function importOf(record: PluginRecord): number | undefined {
  return generations.get(record)
}

/** Goes back to an earlier generation (a reload that failed keeps the code that serves). */
export function restoreImport(record: PluginRecord, generation: number | undefined): void {
  if (generation === undefined) generations.delete(record)
  else generations.set(record, generation)
}
