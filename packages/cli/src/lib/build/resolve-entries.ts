import type { PluginPackageJson } from '@pdk/core'
import { PdkError } from '@pdk/core'
import { type BuildPlan, tryPlanBuild } from './build-plan.js'

export type { BuildEntry, BuildPlan } from './build-plan.js'
export { findSources, readPackageJson } from './build-plan.js'

/**
 * Works out what to build from the manifest (the rule is `tryPlanBuild`'s) and throws a
 * `PdkError` when it cannot be built. For callers that have @pdk/core loaded anyway; the build
 * itself uses `planBuildOrThrow`, which loads @pdk/core only for an error.
 */
export function planBuild(manifest: PluginPackageJson): BuildPlan {
  const planned = tryPlanBuild(manifest)
  if ('code' in planned) throw new PdkError(planned.code, planned.message, planned.options)
  return planned
}
