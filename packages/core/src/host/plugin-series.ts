import type { Series } from '../observe/metrics-registry.js'
import type { AutoMetrics } from './host-core.js'

/**
 * A plugin's automatic series, created on first use: a plugin that is never called, never
 * fails and never restarts costs no series (and no map entries) at boot.
 */
export class PluginSeries {
  private _calls: Map<string, Series> | undefined
  private _errors: Series | undefined
  private _duration: Series | undefined
  private _restarts: Series | undefined

  constructor(
    private readonly auto: AutoMetrics,
    private readonly plugin: string,
  ) {}

  /** Calls series by topic. */
  get calls(): Map<string, Series> {
    this._calls ??= new Map()
    return this._calls
  }

  get errors(): Series {
    this._errors ??= this.auto.errors.with({ plugin: this.plugin })
    return this._errors
  }

  get duration(): Series {
    this._duration ??= this.auto.duration.with({ plugin: this.plugin })
    return this._duration
  }

  get restarts(): Series {
    this._restarts ??= this.auto.restarts.with({ plugin: this.plugin })
    return this._restarts
  }
}
