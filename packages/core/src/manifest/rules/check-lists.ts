import { quote } from '../describe-value.js'
import { didYouMean } from '../did-you-mean.js'
import { childPointer } from '../json-pointer.js'
import { isObject, type RuleContext, stringItems } from '../rule-context.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const TRIGGERS = ['onStartup', 'onMessage', 'onEvent'] as const

/** Says what is wrong with an `activation` entry and what to write instead, or undefined when it is fine. */
export function activationProblem(entry: string): { problem: string; suggestion?: string } | undefined {
  if (entry === 'onStartup') return undefined
  const colon = entry.indexOf(':')
  const trigger = colon === -1 ? entry : entry.slice(0, colon)
  const argument = colon === -1 ? undefined : entry.slice(colon + 1)
  if (trigger === 'onMessage' || trigger === 'onEvent') {
    const what = trigger === 'onMessage' ? 'TOPIC' : 'PATTERN'
    if (argument === undefined || argument === '')
      return { problem: `${trigger} needs a ${what.toLowerCase()}`, suggestion: `${trigger}:${what}` }
    if (/\s/.test(argument)) return { problem: `the ${what.toLowerCase()} contains whitespace` }
    return undefined
  }
  if (trigger === 'onStartup') return { problem: 'onStartup takes no argument', suggestion: 'onStartup' }
  const [near, ...ties] = didYouMean(trigger, TRIGGERS)
  if (near !== undefined && ties.length === 0) {
    const suggestion =
      near === 'onStartup' ? near : `${near}:${argument || (near === 'onMessage' ? 'TOPIC' : 'PATTERN')}`
    return { problem: `${quote(trigger)} is not a trigger`, suggestion }
  }
  return { problem: `${quote(trigger)} is not a trigger` }
}

/** `manifest/activation`: `onStartup`, `onMessage:TOPIC` or `onEvent:PATTERN`; an empty list never starts. */
export function checkActivation({ pdk, report }: RuleContext): void {
  const activation = pdk?.activation
  if (!Array.isArray(activation)) return
  if (activation.length === 0) {
    report({
      rule: 'manifest/activation',
      severity: 'warn',
      pointer: '/pdk/activation',
      message: 'pdk.activation is empty, so nothing ever starts the plugin.',
      expected: 'at least one of "onStartup", "onMessage:TOPIC", "onEvent:PATTERN"',
      found: '[]',
      hint: 'Remove "activation" to start on start-up (the default), or list what starts the plugin.',
    })
  }
  for (const [entry, pointer] of stringItems(activation, '/pdk/activation')) {
    const problem = activationProblem(entry)
    if (!problem) continue
    report({
      rule: 'manifest/activation',
      pointer,
      message: `pdk.activation entry ${quote(entry)} is not an activation event: ${problem.problem}.`,
      expected: '"onStartup", "onMessage:TOPIC" or "onEvent:PATTERN"',
      found: quote(entry),
      hint: problem.suggestion
        ? `Did you mean ${quote(problem.suggestion)}?`
        : 'Use "onStartup", "onMessage:TOPIC" (a message to the plugin) or "onEvent:PATTERN" (an event on the bus).',
    })
  }
}

/** `manifest/env`: `permissions.env` entries are environment variable names. */
export function checkEnv({ pdk, report }: RuleContext): void {
  const permissions = pdk?.permissions
  if (!isObject(permissions) || !Array.isArray(permissions.env)) return
  for (const [name, pointer] of stringItems(permissions.env, '/pdk/permissions/env')) {
    if (ENV_NAME.test(name)) continue
    const cleaned = name.replace(/^\$\{?|\}$/g, '').replace(/[^A-Za-z0-9_]/g, '_')
    report({
      rule: 'manifest/env',
      pointer,
      message: `pdk.permissions.env entry ${quote(name)} is not an environment variable name.`,
      expected: 'letters, digits and "_", not starting with a digit, such as "GREETER_TOKEN"',
      found: quote(name),
      hint: ENV_NAME.test(cleaned) ? `Write ${quote(cleaned)}.` : 'Name the variable only, without "$" or "=value".',
    })
  }
}

/** `manifest/duplicate`: each list names an entry once. */
export function checkDuplicates({ pdk, report }: RuleContext): void {
  if (!pdk) return
  // Lists are checked in this order; most manifests have none with two entries or more.
  reportDuplicates(pdk.capabilities, '/pdk/capabilities', report)
  reportDuplicates(pdk.activation, '/pdk/activation', report)
  const permissions = pdk.permissions
  if (!isObject(permissions)) return
  reportDuplicates(permissions.network, '/pdk/permissions/network', report)
  reportDuplicates(permissions.env, '/pdk/permissions/env', report)
  const fs = permissions.fs
  if (!isObject(fs)) return
  reportDuplicates(fs.read, '/pdk/permissions/fs/read', report)
  reportDuplicates(fs.write, '/pdk/permissions/fs/write', report)
}

function reportDuplicates(list: unknown, base: string, report: RuleContext['report']): void {
  if (!Array.isArray(list) || list.length < 2) return
  const seen = new Map<string, number>()
  for (const [entry, pointer] of stringItems(list, base)) {
    const first = seen.get(entry)
    if (first === undefined) {
      seen.set(entry, Number(pointer.slice(base.length + 1)))
      continue
    }
    report({
      rule: 'manifest/duplicate',
      pointer,
      message: `${quote(entry)} appears twice in ${base.slice(1).replaceAll('/', '.')} (also at ${childPointer(base, first)}).`,
      expected: 'each entry once',
      found: quote(entry),
      hint: 'Remove the repeated entry.',
    })
  }
}
