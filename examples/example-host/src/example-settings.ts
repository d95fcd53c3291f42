// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR:-default}` here is pdk's settings interpolation, not a template.
/**
 * The example host's settings per plugin. `${VAR:-default}` is interpolated by the host from the
 * environment, only for variables the plugin lists in `permissions.env` and the policy grants;
 * the result is then checked against the plugin's config schema (strings are coerced to the
 * schema's types, missing keys get its defaults).
 */
export const exampleSettings: Readonly<Record<string, Record<string, unknown>>> = {
  'pdk-plugin-store': { maxKeys: 10_000 },
  'pdk-plugin-weather': {
    unit: '${WEATHER_UNIT:-metric}',
    city: '${WEATHER_CITY:-Amsterdam}',
    refreshMs: '${WEATHER_REFRESH_MS:-60000}',
  },
  'pdk-plugin-greeter': { greeting: '${GREETER_GREETING:-Hello}' },
  'pdk-plugin-audit': { recent: 20 },
  'pdk-plugin-textstats': { topWords: 5 },
}
