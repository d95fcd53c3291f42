import { loadTemplate } from '@pdk/templates'
import { describe, expect, it } from 'vitest'
import type { Asker } from './asker.js'
import { collectAnswers } from './collect-answers.js'

/** An asker that answers from a script, in order, and records the questions. */
function scripted(answers: Array<string | boolean>) {
  const asked: string[] = []
  const next = (message: string) => {
    asked.push(message)
    if (answers.length === 0) throw new Error(`no scripted answer for "${message}"`)
    return answers.shift()!
  }
  const asker: Asker = {
    text: async ({ message, default: def, validate }) => {
      const answer = String(next(message)) || def || ''
      const problem = validate?.(answer)
      if (problem) throw new Error(`invalid scripted answer for "${message}": ${problem}`)
      return answer
    },
    select: async ({ message }) => next(message) as never,
    confirm: async ({ message }) => next(message) as boolean,
  }
  return { asker, asked }
}

const env = { npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v22.22.2 linux x64' }

describe('collectAnswers', () => {
  it('takes flags, then defaults, and detects the package manager from its user agent', async () => {
    const answers = await collectAnswers(
      await loadTemplate('extension'),
      { cwd: '/', name: 'pdk-plugin-x', author: 'Ada', env },
      undefined,
    )
    expect(answers).toEqual({
      name: 'pdk-plugin-x',
      kind: 'extension',
      description: 'A pdk plugin',
      host: { name: 'example-host', range: '^1.0.0' },
      permissions: undefined,
      packageManager: 'pnpm',
      author: 'Ada',
      license: 'MIT',
      install: true,
      vars: { greeting: 'Hello' },
    })
  })

  it('asks only what the flags did not say, in the order of the issue', async () => {
    const { asker, asked } = scripted([
      'pdk-plugin-asked',
      'Asked',
      'env=TOKEN',
      'https://api.weather.example',
      '',
      'npm',
      false,
    ])
    const answers = await collectAnswers(
      await loadTemplate('integration'),
      { cwd: '/', kind: 'integration', host: 'weather-host@^3.0.0', author: 'Ada', env },
      asker,
    )
    expect(asked).toEqual([
      'Package name',
      'Description',
      'Permissions (e.g. fs.read=./assets,network=api.example.com:443,env=TOKEN; empty for none)',
      'The base URL of the service it talks to (https)',
      "The environment variable that holds the service's token",
      'Package manager',
      'Install dependencies now?',
    ])
    expect(answers).toMatchObject({
      name: 'pdk-plugin-asked',
      description: 'Asked',
      host: { name: 'weather-host', range: '^3.0.0' },
      permissions: { env: ['TOKEN'] },
      packageManager: 'npm',
      install: false,
      vars: { apiUrl: 'https://api.weather.example', tokenEnv: 'API_TOKEN' },
    })
  })

  it('asks a host template nothing about kind, host or permissions', async () => {
    const { asker, asked } = scripted(['my-host', '', '', '8080', 'pnpm', true])
    const answers = await collectAnswers(await loadTemplate('host'), { cwd: '/', author: '', env }, asker)
    expect(asked).toEqual([
      'Package name',
      'Description',
      'The version of the host API plugins declare ranges against',
      'The TCP port it listens on by default',
      'Package manager',
      'Install dependencies now?',
    ])
    expect(answers.vars).toEqual({ hostVersion: '1.0.0', port: 8080 })
  })

  it('collects every invalid value into one usage error', async () => {
    const error = await collectAnswers(
      await loadTemplate('extension'),
      {
        cwd: '/',
        name: 'Not Valid',
        kind: 'Bad Kind',
        description: ' ',
        host: 'host@not-a-range',
        license: 'not a license!',
        packageManager: 'bun',
        templateArgs: ['--greeting', 'x'.repeat(41), 'extra-word'],
        env,
      },
      undefined,
    ).catch((e) => e)
    expect(error).toMatchObject({ code: 'PDK_USAGE' })
    expect(error.details.problems.map((p: { flag: string }) => p.flag)).toEqual([
      'greeting',
      'NAME',
      'NAME',
      'kind',
      'description',
      'host',
      'package-manager',
      'license',
    ])
    expect(error.message).toMatch(
      /^pdk init was given 8 values it cannot use: \(1\) --greeting: expected at most 40 characters, got 41\. \(2\) Unexpected argument "extra-word"/,
    )
  })
})
