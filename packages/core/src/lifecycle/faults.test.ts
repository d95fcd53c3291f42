import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

const healthy = () => plugin('healthy', { messages: { ping: () => 'pong' } })

describe('faults: the host keeps serving and names the culprit', () => {
  for (const step of ['init', 'start'] as const) {
    it(`a plugin that throws in ${step}`, async () => {
      const host = await createHost(
        hostOptions([
          plugin('bad', {
            [step]: () => {
              throw new Error(`${step} broke`)
            },
          }),
          healthy(),
        ]),
      )
      await host.start()
      expect(host.list().find((p) => p.name === 'bad')).toMatchObject({
        state: 'failed',
        lastError: {
          code: 'PDK_PLUGIN_FAILED',
          details: { plugin: 'bad', version: '1.0.0', step, originalMessage: `${step} broke` },
        },
      })
      expect(await host.request('healthy', 'ping')).toBe('pong')
      await host.stop()
    })

    it(`a plugin that never resolves ${step} times out`, async () => {
      const host = await createHost(
        hostOptions([
          plugin('hang', { [step]: () => new Promise(() => {}) }, { limits: { startTimeoutMs: 30 } }),
          healthy(),
        ]),
      )
      await host.start()
      const bad = host.list().find((p) => p.name === 'hang')!
      expect(bad).toMatchObject({
        state: 'failed',
        lastError: { code: 'PDK_TIMEOUT', details: { plugin: 'hang', step, timeoutMs: 30 } },
      })
      expect(bad.lastError!.hint).toContain('startTimeoutMs')
      expect(await host.request('healthy', 'ping')).toBe('pong')
      await host.stop()
    })
  }

  for (const step of ['stop', 'dispose'] as const) {
    it(`a plugin that rejects in ${step} ends failed, and the others still stop`, async () => {
      const host = await createHost(
        hostOptions([
          plugin('bad', {
            [step]: async () => {
              throw new Error('nope')
            },
          }),
          healthy(),
        ]),
      )
      await host.start()
      await host.stop()
      expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual(['bad:failed', 'healthy:disposed'])
      expect(host.list()[0]!.lastError).toMatchObject({ code: 'PDK_PLUGIN_FAILED', details: { step } })
    })
  }

  it('a load that fails: an entry that does not default-export a definition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-load-'))
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'noexport',
        version: '1.0.0',
        type: 'module',
        main: 'index.js',
        pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'test-host', range: '^1.0.0' } },
      }),
    )
    await writeFile(join(dir, 'index.js'), 'export const x = 1\n')
    const options = hostOptions([healthy()])
    const host = await createHost({ ...options, plugins: [dir, ...options.plugins!] })
    await host.start()
    expect(host.list().find((p) => p.name === 'noexport')).toMatchObject({
      state: 'failed',
      lastError: { code: 'PDK_PLUGIN_FAILED', details: { step: 'load' } },
    })
    expect(await host.request('healthy', 'ping')).toBe('pong')
    await host.stop()
  })

  it('a system plugin that fails makes start() reject with an aggregate error', async () => {
    const host = await createHost(
      hostOptions([
        plugin(
          'core-sys',
          {
            init: () => {
              throw new Error('no db')
            },
          },
          { kind: 'system' },
        ),
        healthy(),
      ]),
    )
    await expect(host.start()).rejects.toMatchObject({ code: 'PDK_PLUGIN_FAILED', details: { plugins: ['core-sys'] } })
    expect(await host.request('healthy', 'ping')).toBe('pong')
    await host.stop()
  })

  it('health that hangs is reported as an error after the call timeout', async () => {
    const host = await createHost(
      hostOptions([
        plugin('sick', { health: () => new Promise(() => {}) }, { limits: { callTimeoutMs: 30, memoryMb: 64 } }),
        healthy(),
      ]),
    )
    await host.start()
    const health = await host.health()
    expect(health.status).toBe('degraded')
    expect(health.plugins.sick).toMatchObject({
      status: 'error',
      lastError: { code: 'PDK_TIMEOUT' },
      details: { limits: { memoryMb: { enforced: false } } },
    })
    expect(health.plugins.healthy!.status).toBe('ok')
    await host.stop()
  })

  it('settings that fail the config schema, and an env variable not granted', async () => {
    const schema = {
      type: 'object',
      properties: { port: { type: 'integer' }, mode: { type: 'string', default: 'fast' } },
      required: ['port'],
    }
    const host = await createHost(
      hostOptions(
        [
          plugin('typed', { messages: { cfg: (_p: unknown, ctx: any) => ctx.config } }, { config: schema }),
          plugin('wrong', {}, { config: schema }),
          plugin('nosy', {}),
          healthy(),
        ],
        {
          settings: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: settings carry ${VAR} references literally
            typed: { port: '${PORT:-8080}', note: '$${KEEP}' },
            wrong: { port: 'many' },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: settings carry ${VAR} references literally
            nosy: { token: '${SECRET}' },
          },
          env: { PORT: '9000', SECRET: 's' },
          policy: { env: ['PORT'] },
        },
      ),
    )
    await host.start()
    expect(host.list().map((p) => p.state)).toEqual(['failed', 'failed', 'failed', 'started'])
    // "typed" did not ask for PORT in permissions.env, so reading it is refused by name.
    expect(host.list()[0]!.lastError).toMatchObject({ code: 'PDK_CONFIG_INVALID', details: { variable: 'PORT' } })
    expect(host.list()[1]!.lastError).toMatchObject({
      code: 'PDK_CONFIG_INVALID',
      details: { plugin: 'wrong', step: 'config' },
    })
    expect(host.list()[2]!.lastError).toMatchObject({ code: 'PDK_CONFIG_INVALID', details: { variable: 'SECRET' } })
    await host.stop()
  })

  it('interpolates granted variables, escapes $${, coerces and fills defaults', async () => {
    const schema = {
      type: 'object',
      properties: { port: { type: 'integer' }, mode: { type: 'string', default: 'fast' }, note: { type: 'string' } },
    }
    const host = await createHost(
      hostOptions(
        [
          plugin(
            'typed',
            { messages: { cfg: (_p: unknown, ctx: any) => ({ ...ctx.config }) } },
            { config: schema, permissions: { env: ['PORT'] } },
          ),
        ],
        {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: settings carry ${VAR} references literally
          settings: { typed: { port: '${PORT:-8080}', note: '$${KEEP}' } },
          env: { PORT: '9000' },
          policy: { grant: (m) => m.pdk.permissions },
        },
      ),
    )
    await host.start()
    // biome-ignore lint/suspicious/noTemplateCurlyInString: settings carry ${VAR} references literally
    expect(await host.request('typed', 'cfg')).toEqual({ port: 9000, mode: 'fast', note: '${KEEP}' })
    await host.stop()
  })

  it('a storage path that is a file (ENOTDIR) gives a clear PdkError and keeps other data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-store-'))
    await writeFile(join(dir, 'blocked'), 'a file where a folder should be')
    const use = {
      messages: {
        put: (p: { k: string; v: number }, ctx: any) => ctx.storage.set(p.k, p.v),
        get: (k: string, ctx: any) => ctx.storage.get(k),
      },
    }
    const host = await createHost(hostOptions([plugin('blocked', use), plugin('fine', use)], { storage: { dir } }))
    await host.start()
    await host.request('fine', 'put', { k: 'a', v: 1 })
    const error = (await host.request('blocked', 'put', { k: 'a', v: 1 }).catch((e: unknown) => e)) as Error & {
      cause: Error
    }
    expect(error).toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { originalCode: 'PDK_STORAGE', plugin: 'blocked' },
    })
    expect(error.cause).toMatchObject({ code: 'PDK_STORAGE', details: { errno: 'ENOTDIR' } })
    expect(error.cause.message).toContain('is a file')
    expect(await host.request('fine', 'get', 'a')).toBe(1)
    await host.stop()
  })
})
