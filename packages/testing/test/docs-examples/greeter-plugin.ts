// The plugin of docs/testing.md, verbatim, so the guide's examples are tests that run.
import { definePlugin } from '@pdk/core'

export default definePlugin<{ greeting: string }>({
  async init(ctx) {
    return { greeter: { greet: async (who: string) => `${ctx.config.greeting}, ${who}` } }
  },
  messages: {
    greet: async (payload: { name: string }, ctx) => {
      const count = ((await ctx.storage.get<number>('count')) ?? 0) + 1
      await ctx.storage.set('count', count)
      ctx.metrics.counter('greetings', 'Greetings sent').inc()
      await ctx.events.emit('greeted', { name: payload.name, count })
      return `${ctx.config.greeting}, ${payload.name}`
    },
    weather: async (payload: { city: string }, ctx) => {
      const forecast = await ctx.messages.request<{ sky: string }>('pdk-plugin-weather', 'forecast', payload)
      return `It is ${forecast.sky} in ${payload.city}`
    },
  },
  events: {
    'user.created': async (payload: { name: string }, ctx) => {
      ctx.logger.info('new user', { name: payload.name })
    },
  },
  hooks: { 'http.routes': (routes: string[]) => [...routes, '/greet'] },
  health: () => ({ status: 'ok' }),
})
