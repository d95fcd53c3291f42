import { describe, expect, it } from 'vitest'
import { detectPackageManager } from './detect-package-manager.js'

describe('detectPackageManager', () => {
  it.each([
    ['pnpm/10.34.9 npm/? node/v22.22.2 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v22.22.2 linux x64', 'yarn'],
    ['npm/11.6.2 node/v22.22.2 linux x64 workspaces/false', 'npm'],
    // yarn 2+ says so the same way; its projects take the same commands.
    ['yarn/4.5.0 npm/? node/v22.22.2 linux x64', 'yarn'],
  ])('takes the manager that runs pdk from "%s"', (agent, expected) => {
    expect(detectPackageManager({ npm_config_user_agent: agent })).toBe(expected)
  })

  it.each([
    ['no user agent (pdk run directly)', {}],
    ['an empty one', { npm_config_user_agent: '' }],
    ['a manager pdk does not install with', { npm_config_user_agent: 'bun/1.2.0 npm/? node/v22.22.2 linux x64' }],
  ])('falls back to npm with %s', (_, env: NodeJS.ProcessEnv) => {
    expect(detectPackageManager(env)).toBe('npm')
  })
})
