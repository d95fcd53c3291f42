/** One log entry as the host hands it over (plugin entries carry the plugin's name and version). */
export interface LogLine {
  level: string
  message: string
  plugin?: string
  version?: string
  fields?: Record<string, unknown>
}

const LEVELS = ['debug', 'info', 'warn', 'error']

/** A host `logger` writing one readable line per entry at or above `level` (`LOG_LEVEL`). @default 'info' */
export function lineLogger(level = 'info', write: (line: string) => void = (line) => process.stderr.write(line)) {
  const threshold = Math.max(0, LEVELS.indexOf(level))
  return (entry: LogLine): void => {
    if (LEVELS.indexOf(entry.level) < threshold) return
    const who = entry.plugin ? `${entry.plugin}@${entry.version ?? '?'}` : 'host'
    const fields = entry.fields && Object.keys(entry.fields).length > 0 ? ` ${JSON.stringify(entry.fields)}` : ''
    write(`${entry.level.padEnd(5)} [${who}] ${entry.message}${fields}\n`)
  }
}
