import type { Counter, Remote } from '@pdk/core'
import { definePlugin, PdkError } from '@pdk/core'

/** Settings of pdk-plugin-greeter, after interpolation and defaults. */
export interface GreeterConfig {
  greeting: string
  maxNameLength: number
}

/** What this plugin needs of the `kv` capability (provided by pdk-plugin-store). */
interface Kv {
  get(key: string): unknown
  set(key: string, value: unknown): void
  increment(key: string, by?: number): number
  keys(prefix?: string): string[]
}

/** The latest `weather.*` event this plugin saw. */
interface WeatherNote {
  city: string
  unit: 'metric' | 'imperial'
  temperature: number
  conditions: string
}

/** What `greet` answers. */
export interface Greeting {
  message: string
  name: string
  /** How often this name has been greeted, this one included (persisted by the kv store). */
  count: number
  /** True once a `user.created` event named this person. */
  welcomed: boolean
}

let kv: Remote<Kv> | undefined
let greetings: Counter | undefined
let weather: WeatherNote | undefined

function sentence(note: WeatherNote): string {
  const degrees = note.unit === 'imperial' ? '°F' : '°C'
  return `It is ${note.temperature}${degrees} in ${note.city} (${note.conditions}).`
}

/** The example host's extension plugin: greetings counted in the kv store, routes, events and a metric. */
export default definePlugin<GreeterConfig>({
  async init(ctx) {
    weather = undefined
    kv = await ctx.services.get<Kv>('kv')
    greetings = ctx.metrics.counter('greetings_total', 'Greetings given, by whether the person was welcomed')
  },

  async start(ctx) {
    // pdk-plugin-weather is an optional dependency, so when present it started first and its
    // first weather.updated went out before this plugin listened: ask for the current reading.
    try {
      weather = (await ctx.messages.request<WeatherNote | null>('pdk-plugin-weather', 'current')) ?? undefined
    } catch (error) {
      ctx.logger.debug('no weather to mention', { error: String(error) })
    }
  },

  async dispose() {
    kv = undefined
    greetings = undefined
    weather = undefined
  },

  messages: {
    greet: async (payload: { name?: unknown } | undefined, ctx): Promise<Greeting> => {
      const name = typeof payload?.name === 'string' ? payload.name.trim() : ''
      if (name.length === 0 || name.length > ctx.config.maxNameLength) {
        throw new PdkError(
          'PDK_USAGE',
          `greet needs a name of 1 to ${ctx.config.maxNameLength} characters, got ${JSON.stringify(payload?.name ?? null)}`,
          { hint: 'Send { "name": "Ada" }.' },
        )
      }
      const store = kv!
      const count = await store.increment(`greeted/${name}`)
      const welcomed = (await store.get(`welcomed/${name}`)) === true
      greetings!.inc(1, { welcomed: String(welcomed) })
      await ctx.events.emit('greeter.greeted', { name, count })
      const message = `${ctx.config.greeting}, ${name}!${weather ? ` ${sentence(weather)}` : ''}`
      return { message, name, count, welcomed }
    },

    stats: async () => {
      const names = await kv!.keys('greeted/')
      return { people: names.length, welcomed: (await kv!.keys('welcomed/')).length }
    },
  },

  events: {
    // `user.*`: one segment, so user.created and user.deleted, not user.profile.updated.
    'user.*': async (payload: { name?: unknown } | undefined, ctx, meta) => {
      const name = typeof payload?.name === 'string' ? payload.name.trim() : ''
      if (!name) return ctx.logger.warn('user event without a name', { event: meta.name, from: meta.from })
      if (meta.name === 'user.created') await kv!.set(`welcomed/${name}`, true)
      if (meta.name === 'user.deleted') await kv!.set(`welcomed/${name}`, false)
    },
    // `weather.**`: any depth, so a future weather.alert.storm arrives too.
    'weather.**': (payload: WeatherNote) => {
      weather = payload
    },
  },

  hooks: {
    // Priority 10 runs before the weather (5) and audit (0) taps, so /greet heads the route table.
    'http.routes': {
      priority: 10,
      handler: (routes: Array<Record<string, unknown>>, ctx) => [
        ...routes,
        {
          method: 'GET',
          path: '/greet',
          plugin: ctx.plugin.name,
          topic: 'greet',
          description: 'Greets ?name=, counting greetings per name',
        },
      ],
    },
  },
})
