import type { DevEvent } from '../lib/dev-plugin.js'
import type { Colors } from './colors.js'

/** One event of a `pdk dev` session as lines for a person. */
export function renderDevEvent(event: DevEvent, c: Colors, now = new Date()): string {
  const time = c.gray(`[${now.toTimeString().slice(0, 8)}]`)
  switch (event.event) {
    case 'build':
      if (event.ok) return `${time} build ${event.build} ${c.green('ok')} in ${event.durationMs} ms`
      return [
        `${time} build ${event.build} ${c.red('failed')}: ${event.errors.length} error${event.errors.length === 1 ? '' : 's'}; the running plugin is kept`,
        ...event.errors.map((error) => c.red(error.frame)),
      ].join('\n')
    case 'started': {
      const { plugin, health } = event
      const where = plugin.isolation === 'none' ? 'in the host process' : `in a ${plugin.isolation}`
      const { reload } = event
      const how = reload?.swapped
        ? ` ${c.gray(`(reloaded in ${reload.durationMs} ms: swapped blue/green, state handed over)`)}`
        : ''
      const lines = [
        `${time} ${c.bold(`${plugin.name}@${plugin.version}`)} ${c.green(plugin.state)} ${where}${plugin.lazy && plugin.state === 'resolved' ? ' (lazy: starts on its first message or event)' : ''}${how}`,
      ]
      if (health) lines.push(`  health: ${health.status === 'ok' ? c.green('ok') : c.yellow(health.status)}`)
      if (event.metrics.length > 0) lines.push(...event.metrics.map((line) => `  ${c.gray(line)}`))
      return lines.join('\n')
    }
    case 'failed': {
      const where = event.plugin ? `${event.plugin.name}@${event.plugin.version}` : 'the development host'
      const hint = event.error.hint ? `\n  ${c.gray(`Hint: ${event.error.hint}`)}` : ''
      const kept = event.serving ? `\n  ${c.yellow('the previous build keeps running')}` : ''
      return `${time} ${c.red(`${where} failed`)}: ${event.error.message}${kept}${hint}`
    }
    case 'log': {
      const level =
        event.level === 'error'
          ? c.red(event.level)
          : event.level === 'warn'
            ? c.yellow(event.level)
            : c.gray(event.level)
      const fields = event.fields === undefined ? '' : ` ${c.gray(JSON.stringify(event.fields))}`
      return `${time} ${level} ${event.plugin ?? 'host'}: ${event.message}${fields}`
    }
    case 'stopped':
      return `${time} stopped after ${event.builds} build${event.builds === 1 ? '' : 's'}`
  }
}
