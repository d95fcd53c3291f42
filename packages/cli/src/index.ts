// The programmatic API of @pdk/cli: the functions its commands call, by name.
export { BaseCommand, EXIT } from './base-command.js'
export type { Progress, ProgressOptions } from './render/progress.js'
export { createProgress, silentProgress } from './render/progress.js'
