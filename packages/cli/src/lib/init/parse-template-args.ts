import type { Template, TemplateValue } from '@pdk/templates'
import type { InitProblem } from './parse-permissions.js'

/** Template flags, parsed against the template's variables. */
export interface TemplateArgs {
  /** By variable name. */
  values: Record<string, TemplateValue>
  /** Words that are not flags (the NAME may come after a template flag). */
  positionals: string[]
  problems: InitProblem[]
}

/**
 * Parses the flags a template declares (`--greeting Hi`, `--greeting=Hi`, `--with-docs`,
 * `--no-with-docs`) out of the words oclif did not know, typed and checked by the variable's
 * own rules.
 */
export async function parseTemplateArgs(args: string[], template: Template): Promise<TemplateArgs> {
  const { checkValue, parseValue, variableFlag } = await import('@pdk/templates')
  const variables = Object.entries(template.manifest.variables ?? {})
  const byFlag = new Map(variables.map(([name, v]) => [variableFlag(name, v), { name, variable: v }]))
  const values: Record<string, TemplateValue> = {}
  const positionals: string[] = []
  const problems: InitProblem[] = []
  const known = [...byFlag.keys()].map((f) => `--${f}`).join(', ') || 'none'
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!
    if (!word.startsWith('--')) {
      positionals.push(word)
      continue
    }
    const eq = word.indexOf('=')
    let flag = word.slice(2, eq < 0 ? undefined : eq)
    let text = eq < 0 ? undefined : word.slice(eq + 1)
    let negated = false
    if (!byFlag.has(flag) && flag.startsWith('no-') && byFlag.get(flag.slice(3))?.variable.type === 'boolean') {
      flag = flag.slice(3)
      negated = true
    }
    const entry = byFlag.get(flag)
    if (!entry) {
      problems.push({
        flag,
        message: `Unknown flag --${flag}: pdk init does not have it, and template "${template.manifest.name}" declares ${known}.`,
        hint: "Run pdk init --help for pdk init's flags; a template's own flags are listed in its template.json.",
      })
      continue
    }
    const { name, variable } = entry
    if (variable.type === 'boolean') {
      if (negated) values[name] = false
      else if (text !== undefined) {
        const parsed = parseValue(variable, text)
        if (parsed === undefined) problems.push({ flag, message: `--${flag} takes true or false, got "${text}".` })
        else values[name] = parsed
      } else values[name] = true
      continue
    }
    if (text === undefined) {
      const next = args[i + 1]
      if (next === undefined || next.startsWith('--')) {
        problems.push({ flag, message: `--${flag} needs a value (${variable.description}).` })
        continue
      }
      text = next
      i++
    }
    const parsed = parseValue(variable, text)
    const problem = parsed === undefined ? `expected a number, got "${text}"` : checkValue(variable, parsed)
    if (problem) problems.push({ flag, message: `--${flag}: ${problem}.`, hint: variable.description })
    else values[name] = parsed!
  }
  return { values, positionals, problems }
}
