import type { ManifestRule } from './types.js'

// The catalogue of every `manifest/*` rule. Ids are stable: `pdk validate`, its SARIF output,
// pdk.config.json and the generated docs all name rules by them.
const catalogue = {
  'manifest/json': [
    'error',
    'package.json is valid JSON (the finding gives the line and column of the first syntax error).',
  ],
  'manifest/bom': [
    'warn',
    'package.json does not start with a UTF-8 byte-order mark (npm accepts one; other tools may not).',
  ],
  'manifest/too-large': ['warn', 'package.json stays under 1 MiB; a larger one slows every tool that reads it.'],
  'manifest/not-object': ['error', 'The manifest is a JSON object.'],
  'manifest/pdk-missing': ['error', 'package.json has a `pdk` object: without it the package is not a plugin.'],
  'manifest/misplaced-key': [
    'warn',
    'Keys that only mean something inside `pdk` (`permissions`, `activation`…) are not at the top level of package.json, where pdk ignores them.',
  ],
  'manifest/unknown-key': [
    'error',
    'Keys inside `pdk` are ones pdk knows, with a did-you-mean for near misses (fixable when there is one clear suggestion).',
  ],
  'manifest/type': ['error', 'Each field has the JSON type the schema gives it (string, integer, array, object…).'],
  'manifest/required': [
    'error',
    'Required fields are present (`name`, `version`, `pdk.manifestVersion`, `pdk.kind`, `pdk.host.name`, `pdk.host.range`).',
  ],
  'manifest/value': ['error', 'A value is one the schema allows (for fields no more specific rule covers).'],
  'manifest/name': [
    'error',
    "`name` follows npm's naming rules for new packages (lowercase, URL-safe, at most 214 characters).",
  ],
  'manifest/version': ['error', '`version` is a valid semver version.'],
  'manifest/module-type': ['error', '`type` is `module`: plugins are ESM (fixable).'],
  'manifest/manifest-version': ['error', '`pdk.manifestVersion` is a format version this pdk knows (1).'],
  'manifest/kind': ['warn', '`pdk.kind` is not a near miss of a built-in kind (`system`, `integration`, `extension`).'],
  'manifest/range': ['error', '`pdk.host.range` and every plugin dependency range are valid semver ranges.'],
  'manifest/dependency-name': ['error', "Plugin dependency names follow npm's naming rules."],
  'manifest/self-dependency': ['error', 'A plugin does not depend on itself.'],
  'manifest/dependency-duplicate': [
    'warn',
    'A plugin is not listed in both `dependencies` and `optionalDependencies`.',
  ],
  'manifest/fs-empty': ['error', '`permissions.fs` paths are not empty (use `.` for the whole base folder).'],
  'manifest/fs-absolute': [
    'error',
    '`permissions.fs` paths are relative: no leading `/`, drive letter, UNC prefix or `~`.',
  ],
  'manifest/fs-posix': ['error', '`permissions.fs` paths use `/` as separator on every platform, never `\\`.'],
  'manifest/fs-escape': [
    'error',
    '`permissions.fs` paths stay inside their base folder after normalisation (no `../` escapes).',
  ],
  'manifest/network': [
    'error',
    '`permissions.network` entries are `host`, `host:port` or `*.domain[:port]`, without scheme or path.',
  ],
  'manifest/env': ['error', '`permissions.env` entries are environment variable names (`[A-Za-z_][A-Za-z0-9_]*`).'],
  'manifest/activation': ['error', '`activation` entries are `onStartup`, `onMessage:TOPIC` or `onEvent:PATTERN`.'],
  'manifest/duplicate': ['warn', 'Lists (`capabilities`, `activation`, `permissions.*`) name each entry once.'],
  'manifest/limits': [
    'error',
    '`limits` are positive integers within bounds: `memoryMb` 16–8192, timeouts 1 ms–10 min (600000).',
  ],
  'manifest/isolation': ['error', '`isolation` is `none`, `worker` or `process`.'],
  'manifest/config-schema': [
    'error',
    '`config` is a valid JSON Schema (2020-12) describing an object (unknown keywords are warnings).',
  ],
  'manifest/config-default': ['error', 'Every `default` inside `config` validates against the schema it sits in.'],
  'manifest/entry-path': [
    'error',
    '`entry` is a relative POSIX path inside the package to a JavaScript module (`.js` or `.mjs`).',
  ],
  'manifest/entry-missing': [
    'error',
    'The plugin has an entry: `pdk.entry`, else `exports["."]` (its `import` condition), else `main`.',
  ],
  'manifest/too-many-findings': ['warn', 'Reporting stops after 200 findings; fix those and run again.'],
} as const satisfies Record<string, readonly ['error' | 'warn', string]>

/** The id of a manifest rule. */
export type ManifestRuleId = keyof typeof catalogue

/** Every `manifest/*` rule: id, what it checks, and the severity of its findings. */
export const manifestRules: readonly ManifestRule[] = Object.entries(catalogue).map(
  ([id, [severity, description]]) => ({
    id: id as ManifestRuleId,
    severity,
    description,
  }),
)

/** The default severity of a manifest rule. */
export function ruleSeverity(id: ManifestRuleId): 'error' | 'warn' {
  return catalogue[id][0]
}
