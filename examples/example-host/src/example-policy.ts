import type { Permissions, PluginPackageJson } from '@pdk/core'

/**
 * What the example host grants, plugin by plugin: exactly what each example plugin asks for,
 * and nothing to anyone else. A plugin installed with `pdk install` is granted what its
 * lockfile entry records instead (the operator confirmed those at install time).
 */
export const exampleGrants: Readonly<Record<string, Permissions>> = {
  'pdk-plugin-store': {},
  'pdk-plugin-weather': { env: ['WEATHER_UNIT', 'WEATHER_CITY', 'WEATHER_REFRESH_MS'] },
  'pdk-plugin-greeter': { env: ['GREETER_GREETING'] },
  'pdk-plugin-audit': {},
  'pdk-plugin-textstats': {},
}

/** The example host's policy: the grants above by plugin name; an unknown plugin gets nothing. */
export const examplePolicy = {
  grant: (manifest: PluginPackageJson): Permissions => exampleGrants[manifest.name] ?? {},
}
