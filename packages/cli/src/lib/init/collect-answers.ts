import type { Permissions } from '@pdk/core'
import type { Template, TemplateValue } from '@pdk/templates'
import type { Asker } from './asker.js'
import {
  authorProblem,
  descriptionProblem,
  kindProblem,
  licenseProblem,
  nameProblem,
  PACKAGE_MANAGERS,
  type PackageManagerName,
  parseHost,
} from './check-answers.js'
import { detectPackageManager } from './detect-package-manager.js'
import { initError } from './init-error.js'
import { gitUserName } from './init-git.js'
import { type InitProblem, parsePermissions } from './parse-permissions.js'
import { parseTemplateArgs } from './parse-template-args.js'

/** The values of `pdk init` before they are checked: flags, and what the command line left for the template. */
export interface InitInput {
  cwd: string
  name?: string
  kind?: string
  description?: string
  host?: string
  permissions?: string
  packageManager?: string
  author?: string
  license?: string
  install?: boolean
  templateArgs?: string[]
  vars?: Record<string, TemplateValue>
  env?: NodeJS.ProcessEnv
  /** git's user.name, when the caller already started looking it up (the default author). */
  gitAuthor?: Promise<string>
}

/** Every answer, checked. */
export interface InitAnswers {
  name: string
  kind: string
  description: string
  host: { name: string; range: string }
  permissions: Permissions | undefined
  packageManager: PackageManagerName
  author: string
  license: string
  install: boolean
  vars: Record<string, TemplateValue>
}

/** The defaults of spec/cli.md. */
export const INIT_DEFAULTS = {
  template: 'extension',
  description: 'A pdk plugin',
  hostDescription: 'An application that runs pdk plugins',
  host: 'example-host@^1.0.0',
  license: 'MIT',
} as const

const asProblem = (flag: string, message: string | undefined): InitProblem[] => (message ? [{ flag, message }] : [])

/**
 * Takes each value from its flag, else asks for it (when an asker is given), else takes its
 * default; then checks every value and throws one `PDK_USAGE` listing every problem, before
 * anything is written. A missing NAME without an asker is a usage error naming it.
 */
export async function collectAnswers(
  template: Template,
  input: InitInput,
  asker: Asker | undefined,
): Promise<InitAnswers> {
  const isHost = (template.manifest.type ?? 'plugin') === 'host'
  const parsedArgs = await parseTemplateArgs(input.templateArgs ?? [], template)
  const problems: InitProblem[] = [...parsedArgs.problems]
  const positionals = [...parsedArgs.positionals]
  let name = input.name ?? positionals.shift()
  if (positionals.length > 0) {
    problems.push({
      flag: 'NAME',
      message: `Unexpected argument${positionals.length > 1 ? 's' : ''} ${positionals.map((p) => `"${p}"`).join(', ')}: pdk init takes one NAME.`,
    })
  }
  const ask = <T>(given: T | undefined, question: () => Promise<T>, fallback: T): Promise<T> =>
    given !== undefined ? Promise.resolve(given) : asker ? question() : Promise.resolve(fallback)

  if (name === undefined) {
    if (!asker) {
      throw await initError(
        'PDK_USAGE',
        'pdk init needs the package NAME: none was given, and without a terminal (or with --yes or --json) it asks nothing.',
        {
          hint: 'Pass it: pdk init my-plugin (scoped names such as @acme/my-plugin work too).',
          details: { flag: 'NAME' },
        },
      )
    }
    name = await asker.text({
      message: 'Package name',
      default: isHost ? 'my-host' : 'pdk-plugin-hello',
      validate: nameProblem,
    })
  }
  const kind = isHost
    ? (template.manifest.kind ?? 'host')
    : await ask(
        input.kind,
        () =>
          asker!.text({
            message: 'Plugin kind',
            default: template.manifest.kind ?? 'extension',
            validate: kindProblem,
          }),
        template.manifest.kind ?? 'extension',
      )
  const defaultDescription = isHost ? INIT_DEFAULTS.hostDescription : INIT_DEFAULTS.description
  const description = await ask(
    input.description,
    () => asker!.text({ message: 'Description', default: defaultDescription, validate: descriptionProblem }),
    defaultDescription,
  )
  const hostText = isHost
    ? (input.host ?? INIT_DEFAULTS.host)
    : await ask(
        input.host,
        () =>
          asker!.text({
            message: 'Host it plugs into (NAME@RANGE)',
            default: INIT_DEFAULTS.host,
            validate: (v) => hostProblem(v),
          }),
        INIT_DEFAULTS.host,
      )
  // @pdk/core's own path and address checks, loaded only when there are permissions to check.
  const rules = asker || input.permissions ? await import('@pdk/core') : undefined
  const permissionsText = isHost
    ? (input.permissions ?? '')
    : await ask(
        input.permissions,
        () =>
          asker!.text({
            message: 'Permissions (e.g. fs.read=./assets,network=api.example.com:443,env=TOKEN; empty for none)',
            default: '',
            validate: (v) => parsePermissions(v, rules!).problems[0]?.message,
          }),
        '',
      )
  const vars: Record<string, TemplateValue> = { ...(input.vars ?? {}), ...parsedArgs.values }
  const { checkValue, variableFlag } = await import('@pdk/templates')
  for (const [key, variable] of Object.entries(template.manifest.variables ?? {})) {
    if (vars[key] !== undefined) {
      const problem = checkValue(variable, vars[key])
      if (problem)
        problems.push({ flag: variableFlag(key, variable), message: `--${variableFlag(key, variable)}: ${problem}.` })
      continue
    }
    if (asker) vars[key] = await askVariable(asker, variable)
    else if (variable.default !== undefined) vars[key] = variable.default
    else
      problems.push({
        flag: variableFlag(key, variable),
        message: `Template "${template.manifest.name}" needs --${variableFlag(key, variable)} (${variable.description}).`,
      })
  }
  const detected = detectPackageManager(input.env)
  const packageManager = await ask(
    input.packageManager,
    () =>
      asker!.select({
        message: 'Package manager',
        choices: PACKAGE_MANAGERS.map((value) => ({ value })),
        default: detected,
      }),
    detected,
  )
  const author = input.author ?? (await (input.gitAuthor ?? gitUserName(input.cwd, input.env)))
  const license = input.license ?? INIT_DEFAULTS.license
  const install = await ask(
    input.install,
    () => asker!.confirm({ message: 'Install dependencies now?', default: true }),
    true,
  )

  problems.push(...asProblem('NAME', nameProblem(name)))
  if (!isHost) problems.push(...asProblem('kind', kindProblem(kind)))
  problems.push(...asProblem('description', descriptionProblem(description)))
  const host = parseHost(hostText)
  if ('problem' in host)
    problems.push({
      flag: 'host',
      message: `--host: ${host.problem}.`,
      hint: 'Write the host as NAME@RANGE, e.g. example-host@^1.0.0.',
    })
  const permissions =
    permissionsText.trim() === ''
      ? { permissions: undefined, problems: [] }
      : parsePermissions(permissionsText, rules ?? (await import('@pdk/core')))
  problems.push(...permissions.problems)
  if (!(PACKAGE_MANAGERS as readonly string[]).includes(packageManager)) {
    problems.push({
      flag: 'package-manager',
      message: `--package-manager "${packageManager}" is not one of ${PACKAGE_MANAGERS.join(', ')}.`,
    })
  }
  problems.push(...asProblem('author', authorProblem(author)), ...asProblem('license', licenseProblem(license)))
  if (problems.length > 0) throw await usageError(problems)
  return {
    name,
    kind,
    description,
    host: host as { name: string; range: string },
    permissions: permissions.permissions,
    packageManager: packageManager as PackageManagerName,
    author,
    license,
    install,
    vars,
  }
}

function hostProblem(text: string): string | undefined {
  const host = parseHost(text)
  return 'problem' in host ? host.problem : undefined
}

async function askVariable(asker: Asker, variable: import('@pdk/templates').TemplateVariable): Promise<TemplateValue> {
  const { checkValue, parseValue } = await import('@pdk/templates')
  if (variable.type === 'boolean')
    return asker.confirm({ message: variable.description, default: variable.default === true })
  if (variable.type === 'choice') {
    return asker.select({
      message: variable.description,
      choices: (variable.choices ?? []).map((value) => ({ value })),
      ...(typeof variable.default === 'string' && { default: variable.default }),
    })
  }
  const text = await asker.text({
    message: variable.description,
    ...(variable.default !== undefined && { default: String(variable.default) }),
    validate: (value) => {
      const parsed = parseValue(variable, value)
      return parsed === undefined ? `expected a ${variable.type}` : checkValue(variable, parsed)
    },
  })
  return parseValue(variable, text)!
}

function usageError(problems: InitProblem[]) {
  const first = problems[0]!
  const message =
    problems.length === 1
      ? first.message
      : `pdk init was given ${problems.length} values it cannot use: ${problems.map((p, i) => `(${i + 1}) ${p.message}${p.hint?.startsWith('Did you mean') ? ` ${p.hint}` : ''}`).join(' ')}`
  return initError('PDK_USAGE', message, {
    hint: first.hint ?? 'Fix the values above and run pdk init again; nothing was written.',
    details: { flag: first.flag, problems },
  })
}
