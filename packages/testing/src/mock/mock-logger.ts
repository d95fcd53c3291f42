import type { PluginLogger } from '@pdk/core'
import type { Mocked } from 'vitest'
import type { LogLevel, LogRecord } from '../records.js'
import { cloneValue } from './clone-value.js'
import { spy } from './spy.js'

/** A logger whose four methods are spies that record every line into `logs`. */
export function mockLogger(plugin: string, logs: LogRecord[]): Mocked<PluginLogger> {
  const level = (name: LogLevel) =>
    spy(
      (message: string, fields?: Record<string, unknown>): void => {
        const record: LogRecord = { plugin, level: name, message: String(message) }
        if (fields !== undefined) record.fields = cloneValue(fields, `logger.${name}() fields`)
        logs.push(record)
      },
      { copyArgs: true },
    )
  const logger: Mocked<PluginLogger> = {
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
  }
  return logger
}
