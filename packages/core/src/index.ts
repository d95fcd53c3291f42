// The whole public surface of @pdk/core, by name.

export type { PdkErrorCode, PdkErrorData, PdkErrorDetails, PdkErrorOptions } from './errors.js'
export { isPdkError, isPdkErrorData, PdkError } from './errors.js'
export type * from './manifest/types.js'
export { definePlugin, isPluginDefinition, PLUGIN_MARK } from './plugin/define-plugin.js'
export type * from './plugin/types.js'
