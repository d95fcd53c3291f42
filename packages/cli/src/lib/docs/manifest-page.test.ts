import type { PluginPackageJson } from '@pdk/core'
import { describe, expect, test } from 'vitest'
import { configRows, manifestPage } from './manifest-page.js'
import { pageToHtml, pageToMarkdown } from './render-page.js'

const manifest = {
  name: '@acme/pdk-plugin-weather',
  version: '2.1.0',
  description: 'Weather for the host',
  type: 'module',
  engines: { node: '>=22' },
  pdk: {
    manifestVersion: 1,
    kind: 'integration',
    host: { name: 'demo-host', range: '^1.2.0' },
    dependencies: { 'pdk-plugin-store': '^2.0.0' },
    optionalDependencies: { 'pdk-plugin-metrics': '^1.0.0' },
    activation: ['onMessage:weather.get', 'onEvent:user.*'],
    isolation: 'worker',
    limits: { memoryMb: 128, startTimeoutMs: 5000, callTimeoutMs: 250 },
    config: {
      type: 'object',
      required: ['apiKey'],
      properties: {
        apiKey: { type: 'string', description: 'Key for the weather API', pattern: '^[a-z0-9]+$' },
        units: { enum: ['metric', 'imperial'], default: 'metric' },
        cities: { type: 'array', items: { type: 'string' }, default: [], maxItems: 10 },
        retry: {
          type: 'object',
          properties: { attempts: { type: 'integer', minimum: 0, maximum: 5, default: 2 } },
        },
      },
    },
  },
} as unknown as PluginPackageJson

describe('manifestPage', () => {
  test('markdown: every section of the manifest in plain words', () => {
    expect(pageToMarkdown(manifestPage(manifest))).toBe(
      [
        '# @acme/pdk-plugin-weather 2.1.0',
        '',
        'Weather for the host',
        '',
        '## Plugin',
        '',
        '- Kind: `integration`, an integration plugin: connects the host to an outside service.',
        '- Host: `demo-host`, versions `^1.2.0`.',
        '- Node: `>=22`.',
        '- Runs in a worker thread at least.',
        '',
        '## Capabilities',
        '',
        'It declares no capabilities.',
        '',
        '## Dependencies',
        '',
        '| Plugin | Versions | Needed |',
        '| --- | --- | --- |',
        '| `pdk-plugin-store` | `^2.0.0` | required |',
        '| `pdk-plugin-metrics` | `^1.0.0` | optional |',
        '',
        '## Activation',
        '',
        '- Starts on the first message to `weather.get` (`onMessage:weather.get`).',
        '- Starts on the first event matching `user.*` (`onEvent:user.*`).',
        '',
        '## Permissions',
        '',
        'What the plugin may do; everything else is denied.',
        '',
        '- Nothing beyond reading its own package folder: no network, no environment, no files elsewhere.',
        '',
        '## Limits',
        '',
        '- Memory: 128 MB.',
        '- Start within 5 s.',
        '- Answer each call within 250 ms.',
        '',
        '## Configuration',
        '',
        '| Setting | Type | Default | Required | Description |',
        '| --- | --- | --- | --- | --- |',
        '| `apiKey` | string |  | yes | Key for the weather API. Matches `^[a-z0-9]+$`. |',
        '| `units` | `"metric"` \\| `"imperial"` | `"metric"` | no |  |',
        '| `cities` | string[] | `[]` | no | At most 10 items. |',
        '| `retry` | object |  | no |  |',
        '| `retry.attempts` | integer | `2` | no | From 0 to 5. |',
        '',
      ].join('\n'),
    )
  })

  test('a plugin without config, limits or dependencies says so', () => {
    const bare = { ...manifest, pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'h', range: '*' } } }
    const text = pageToMarkdown(manifestPage(bare as PluginPackageJson))
    expect(text).toContain('It depends on no other plugin.')
    expect(text).toContain('- Starts when the host starts (`onStartup`).')
    expect(text).toContain("The host's defaults apply.")
    expect(text).toContain('It takes no configuration.')
    expect(configRows(undefined)).toEqual([])
  })

  test('html escapes text and keeps code spans', () => {
    const html = pageToHtml(
      [
        { kind: 'p', text: 'a <b> & `x|y`' },
        { kind: 'table', head: ['T'], rows: [['`"a"` \\| `"b"`']] },
      ],
      'T & co',
    )
    expect(html).toContain('<title>T &amp; co</title>')
    expect(html).toContain('<p>a &lt;b&gt; &amp; <code>x|y</code></p>')
    expect(html).toContain('<td><code>&quot;a&quot;</code> | <code>&quot;b&quot;</code></td>')
  })
})
