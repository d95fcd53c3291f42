import { definePlugin, PdkError } from '@pdk/core'
import { forecast, type Reading, reading } from './forecast-model.js'

export type { Reading } from './forecast-model.js'

/** Settings of pdk-plugin-weather, after interpolation, coercion and defaults. */
export interface WeatherConfig {
  unit: 'metric' | 'imperial'
  city: string
  refreshMs: number
}

/** A route this plugin adds to the example host's `http.routes` hook. */
interface Route {
  method: string
  path: string
  plugin: string
  topic: string
  description?: string
}

let current: { reading: Reading; at: number } | undefined
let timer: NodeJS.Timeout | undefined

const MAX_DAYS = 7

/** The example host's integration plugin: weather readings, published as events and served on request. */
export default definePlugin<WeatherConfig>({
  async start(ctx) {
    const publish = async () => {
      current = { reading: reading(ctx.config.city, 0, ctx.config.unit), at: Date.now() }
      await ctx.storage.set('last', current)
      await ctx.events.emit('weather.updated', current.reading)
    }
    await publish()
    timer = setInterval(() => {
      publish().catch((error: unknown) => ctx.logger.warn('could not publish a reading', { error: String(error) }))
    }, ctx.config.refreshMs)
    // A reading schedule must not keep the host process alive on its own.
    timer.unref()
    ctx.logger.info('publishing readings', {
      city: ctx.config.city,
      unit: ctx.config.unit,
      every: ctx.config.refreshMs,
    })
  },

  async stop() {
    clearInterval(timer)
    timer = undefined
  },

  async health(ctx) {
    if (!current) return { status: 'degraded', details: { reason: 'no reading published yet' } }
    const ageMs = Date.now() - current.at
    // Three missed refreshes in a row means the schedule is stuck.
    const status = ageMs > ctx.config.refreshMs * 3 ? 'degraded' : 'ok'
    return { status, details: { city: current.reading.city, unit: ctx.config.unit, ageMs } }
  },

  messages: {
    current: async (_payload: unknown, ctx) =>
      current?.reading ?? (await ctx.storage.get<{ reading: Reading }>('last'))?.reading ?? null,

    forecast: async (payload: { city?: string; days?: number | string } | undefined, ctx) => {
      const city = payload?.city?.trim() || ctx.config.city
      const days = Number(payload?.days ?? 3)
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
        throw new PdkError(
          'PDK_USAGE',
          `forecast days must be an integer from 1 to ${MAX_DAYS}, got ${payload?.days}`,
          {
            hint: `Ask for at most ${MAX_DAYS} days.`,
          },
        )
      }
      return { city, unit: ctx.config.unit, days: forecast(city, days, ctx.config.unit) }
    },
  },

  hooks: {
    'http.routes': {
      priority: 5,
      handler: (routes: Route[], ctx) => [
        ...routes,
        {
          method: 'GET',
          path: '/weather',
          plugin: ctx.plugin.name,
          topic: 'forecast',
          description: 'Forecast for ?city= (default from settings), ?days=1..7',
        },
      ],
    },
  },
})
