/** A route a plugin adds through the `http.routes` hook; the server answers it with `host.request(plugin, topic, payload)`. */
export interface PluginRoute {
  method: string
  path: string
  plugin: string
  topic: string
  description?: string
}

/** The routes the server answers itself. */
export const builtinRoutes: ReadonlyArray<{ method: string; path: string; description: string }> = [
  { method: 'GET', path: '/', description: 'This list' },
  { method: 'GET', path: '/health', description: 'host.health(): 200 unless a plugin is in error, then 503' },
  { method: 'GET', path: '/metrics', description: 'host.metricsText(): Prometheus text exposition' },
  { method: 'GET', path: '/plugins', description: 'host.list()' },
  { method: 'GET', path: '/routes', description: 'The routes plugins add through the http.routes hook' },
  { method: 'POST', path: '/events/:name', description: 'host.emit(name, JSON body)' },
  { method: 'POST', path: '/broadcast/:topic', description: 'host.broadcast(topic, JSON body)' },
  { method: 'POST', path: '/plugins/:name/messages/:topic', description: 'host.request(name, topic, JSON body)' },
  { method: 'POST', path: '/plugins/:name/restart', description: 'host.restartPlugin(name)' },
  {
    method: 'POST',
    path: '/plugins/:name/reload',
    description: 'host.reload(name): its new version from disk, blue/green; 409 if refused (the old one serves on)',
  },
]

/** Keeps well-formed routes from a hook's result; the first route for a method and path wins (taps run by priority). */
export function routeTable(value: unknown): PluginRoute[] {
  if (!Array.isArray(value)) return []
  const seen = new Set<string>()
  const routes: PluginRoute[] = []
  for (const item of value) {
    const route = item as Partial<PluginRoute> | null
    if (
      typeof route?.method !== 'string' ||
      typeof route.path !== 'string' ||
      typeof route.plugin !== 'string' ||
      typeof route.topic !== 'string'
    ) {
      continue
    }
    const key = `${route.method.toUpperCase()} ${route.path}`
    if (seen.has(key) || builtinRoutes.some((builtin) => `${builtin.method} ${builtin.path}` === key)) continue
    seen.add(key)
    routes.push({ ...route, method: route.method.toUpperCase() } as PluginRoute)
  }
  return routes
}
