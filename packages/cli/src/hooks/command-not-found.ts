import type { Hook } from '@oclif/core'
import { PdkError } from '@pdk/core'
import { colors } from '../render/colors.js'
import { didYouMean, renderError, toErrorDocument } from '../render/error.js'

/** Unknown command: exit 2 (misuse) with a did-you-mean, instead of oclif's exit 127. */
const hook: Hook.CommandNotFound = async (options) => {
  const id = options.id.replaceAll(':', ' ')
  const commands = options.config.commands.filter((c) => !c.hidden).map((c) => c.id.replaceAll(':', ' '))
  const suggestion = didYouMean(id, commands)
  const error = new PdkError('PDK_USAGE', `"${id}" is not a pdk command.`, {
    hint: suggestion
      ? `Did you mean "pdk ${suggestion}"? Run \`pdk --help\` for all commands.`
      : 'Run `pdk --help` for all commands.',
    details: { command: id },
  })
  if ((options.argv ?? []).includes('--json'))
    process.stdout.write(`${JSON.stringify(toErrorDocument(error), null, 2)}\n`)
  else process.stderr.write(renderError(error, colors(process.stderr)))
  process.exit(2)
}

export default hook
