// The whole public surface of @pdk/core, by name.

export type { PdkErrorCode, PdkErrorData, PdkErrorDetails, PdkErrorOptions } from './errors.js'
export { isPdkError, isPdkErrorData, PdkError } from './errors.js'
// Runtime (host, lifecycle, context protocol, observation)
export { createHost } from './host/create-host.js'
export { loadHostConfig } from './host/load-host-config.js'
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
  StateChange,
} from './host/host-types.js'
export type { LifecycleStep, PluginState } from './lifecycle/plugin-state.js'
export type * from './manifest/types.js'
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
