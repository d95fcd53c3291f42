import '@pdk/testing/setup'
import { readFile } from 'node:fs/promises'
import { createMockContext } from '@pdk/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { reading } from './forecast-model.js'
import plugin, { type WeatherConfig } from './index.js'

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
let running: ReturnType<typeof createMockContext<WeatherConfig>> | undefined

async function started(config: Partial<WeatherConfig> = {}) {
  running = createMockContext<WeatherConfig>({ manifest, config })
  await plugin.start!(running)
  return running
}

afterEach(async () => {
  if (running) await plugin.stop!(running)
  running = undefined
})

describe('pdk-plugin-weather', () => {
  it('reads its settings from the environment variables it asks for', () => {
    expect(manifest.pdk.kind).toBe('integration')
    expect(manifest.pdk.permissions.env).toEqual(['WEATHER_UNIT', 'WEATHER_CITY', 'WEATHER_REFRESH_MS'])
  })

  it('publishes a reading on start, in the configured city and unit, and stores it', async () => {
    const ctx = await started({ city: 'Oslo', unit: 'imperial' })
    const expected = reading('Oslo', 0, 'imperial')
    expect(ctx).toHaveEmitted('weather.updated', expected)
    expect(ctx.mock.store.get('last')).toMatchObject({ reading: expected })
    expect(await plugin.messages!.current!(undefined, ctx)).toEqual(expected)
    expect(await plugin.health!(ctx)).toMatchObject({ status: 'ok', details: { city: 'Oslo', unit: 'imperial' } })
  })

  it('uses the schema defaults when the host sets nothing', async () => {
    const ctx = await started()
    expect(ctx.config).toEqual({ unit: 'metric', city: 'Amsterdam', refreshMs: 60000 })
    expect(ctx).toHaveEmitted('weather.updated', reading('Amsterdam', 0, 'metric'))
  })

  it('publishes again every refreshMs until stopped', async () => {
    const ctx = await started({ refreshMs: 100 })
    await expect.poll(() => ctx.mock.emitted.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3)
    await plugin.stop!(ctx)
    running = undefined
    const count = ctx.mock.emitted.length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(ctx.mock.emitted.length).toBe(count)
  })

  it('answers forecasts for the asked city and days', async () => {
    const ctx = await started({ unit: 'imperial' })
    const answer = await plugin.messages!.forecast!({ city: 'Lima', days: '2' }, ctx)
    expect(answer).toEqual({
      city: 'Lima',
      unit: 'imperial',
      days: [reading('Lima', 0, 'imperial'), reading('Lima', 1, 'imperial')],
    })
    expect(await plugin.messages!.forecast!(undefined, ctx)).toMatchObject({ city: 'Amsterdam' })
  })

  it('refuses a forecast of more than 7 days or a non-integer', async () => {
    const ctx = await started()
    await expect(plugin.messages!.forecast!({ days: 8 }, ctx)).rejects.toMatchObject({ code: 'PDK_USAGE' })
    await expect(plugin.messages!.forecast!({ days: 'two' }, ctx)).rejects.toMatchObject({ message: /got two/ })
  })

  it('adds /weather to the http.routes hook with priority 5', async () => {
    const ctx = await started()
    const tap = plugin.hooks!['http.routes'] as {
      priority: number
      handler: (routes: unknown[], c: typeof ctx) => unknown
    }
    expect(tap.priority).toBe(5)
    expect(await tap.handler([], ctx)).toEqual([expect.objectContaining({ path: '/weather', topic: 'forecast' })])
  })
})
