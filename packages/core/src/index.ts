// The whole public surface of @pdk/core, by name.

export { loadPdkConfig, PDK_CONFIG_FILE } from './config/load-pdk-config.js'
export type {
  LoadedPdkConfig,
  PdkConfig,
  PdkDevSection,
  PdkHostSection,
  PdkSignSection,
  PdkValidateSection,
  RuleSetting,
} from './config/types.js'
export { pdkConfigRules, validatePdkConfig } from './config/validate-pdk-config.js'
export type { PdkErrorCode, PdkErrorData, PdkErrorDetails, PdkErrorOptions } from './errors.js'
export { isPdkError, isPdkErrorData, PdkError } from './errors.js'
export type {
  HookMode,
  Host,
  HostHealth,
  HostOptions,
  HostPolicy,
  InMemoryPlugin,
  KindDeclaration,
  LogEntry,
  MetricFamily,
  MetricSeries,
  MetricsSnapshot,
  PluginHealth,
  PluginInfo,
  PluginSource,
  PluginWatcher,
  ReloadResult,
  StateChange,
  WatchOptions,
} from './host/host-types.js'
// Runtime (host, lifecycle, context protocol, observation)
export { createHost } from './host/lazy-host.js'
export { loadHostConfig } from './host/load-host-config.js'
export type { LifecycleStep, PluginState } from './lifecycle/plugin-state.js'
// Lockfile of a host project's plugins (what `pdk install` recorded)
export { computeDigest } from './lockfile/compute-digest.js'
export type { LockedPlugin, Lockfile } from './lockfile/lockfile-types.js'
export { readLockfile } from './lockfile/read-lockfile.js'
export { verifyLockedPlugins } from './lockfile/verify-locked-plugins.js'
export { didYouMean } from './manifest/did-you-mean.js'
export { childPointer, decodePointer, encodePointer } from './manifest/json-pointer.js'
export type { TextLocation } from './manifest/locate-pointer.js'
export { locateOffset, locatePointer } from './manifest/locate-pointer.js'
export type { ManifestRuleId } from './manifest/manifest-rules.js'
export { manifestRules } from './manifest/manifest-rules.js'
export { MAX_MANIFEST_BYTES, parseManifestText } from './manifest/parse-manifest-text.js'
export type { ReadManifestResult } from './manifest/read-manifest.js'
export { readManifest } from './manifest/read-manifest.js'
export type { ManifestEntry } from './manifest/resolve-entry.js'
export { resolveManifestEntry } from './manifest/resolve-entry.js'
export { isValidRange } from './manifest/rules/check-dependencies.js'
export { fsPathProblem } from './manifest/rules/check-fs-paths.js'
export { activationProblem } from './manifest/rules/check-lists.js'
export type { NetworkEntry } from './manifest/rules/check-network.js'
export { parseNetworkEntry } from './manifest/rules/check-network.js'
export {
  BUILTIN_KINDS,
  ISOLATION_MODES,
  LIMIT_BOUNDS,
  SUPPORTED_MANIFEST_VERSIONS,
} from './manifest/rules/check-pdk-fields.js'
export type { SchemaNode } from './manifest/schema-at.js'
export { manifestSchema } from './manifest/schema-at.js'
export type * from './manifest/types.js'
export type { ValidateManifestOptions } from './manifest/validate-manifest.js'
export { MAX_FINDINGS, validateManifest } from './manifest/validate-manifest.js'
export { prometheusText } from './observe/prometheus-text.js'
export { definePlugin, isPluginDefinition, PLUGIN_MARK } from './plugin/define-plugin.js'
export type * from './plugin/types.js'
export type {
  Envelope,
  HostEndpoint,
  LogLevel,
  PluginBoot,
  PluginEndpoint,
  PluginShape,
  Transport,
} from './transport/protocol.js'
