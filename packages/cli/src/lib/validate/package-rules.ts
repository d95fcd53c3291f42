/** A `package/*` rule of `pdk validate`: what it checks and the severity of its findings unless pdk.config.json says otherwise. */
export interface PackageRule {
  id: `package/${string}` | `config/${string}`
  severity: 'error' | 'warn'
  description: string
}

// The catalogue of every rule pdk validate adds to the manifest rules of @pdk/core. Ids are
// stable: pdk.config.json, SARIF output and the docs name rules by them.
const catalogue = {
  'package/description': ['error', '`description` is set and not the template default: the marketplace shows it.'],
  'package/keyword': ['error', '`keywords` has `pdk-plugin`: the marketplace finds plugins by it (fixable).'],
  'package/readme': ['error', 'The package has a README with some text (npm publishes it as the package page).'],
  'package/readme-untouched': ['warn', "The README is not the template's untouched text."],
  'package/license': ['warn', '`license` is set (an SPDX expression, or `UNLICENSED`).'],
  'package/secrets': [
    'error',
    'No secrets would be published (`.env`, private keys, tokens, passwords in URLs), and `.npmrc` holds no literal token.',
  ],
  'package/files': ['error', 'The files npm would publish include the entry and every `exports`/`types` target.'],
  'package/not-built': [
    'error',
    'The entry exists: a project that has not been built gets this one finding (run `pdk build`).',
  ],
  'package/entry-file': ['error', 'The entry file exists (for projects without a build).'],
  'package/target-missing': ['error', 'Every `exports`, `main` and `types` target exists after a build.'],
  'package/entry-load': ['error', 'The built entry loads in a sandboxed Node process without throwing or exiting.'],
  'package/entry-timeout': ['error', 'The built entry finishes loading within the time limit (10 s by default).'],
  'package/entry-export': [
    'error',
    'The built entry default-exports a plugin definition (`export default definePlugin({...})`).',
  ],
  'package/typecheck': ['error', "The project's own `tsc --noEmit` reports no errors."],
  'package/typecheck-unavailable': [
    'warn',
    'The project has its own TypeScript (`node_modules/.bin/tsc`) to type-check with.',
  ],
  'package/engines-node': ['error', '`engines.node` is set, valid, and admits a Node version that @pdk/core runs on.'],
  'package/core-peer': [
    'error',
    '`@pdk/core` is a peer dependency whose range is valid and accepts the installed @pdk/core.',
  ],
  'package/host-range': ['error', '`pdk.host.range` admits at least one version of the host.'],
  'config/rule-severity': [
    'warn',
    '`validate.rules` of pdk.config.json names known rules, and does not try to turn down `manifest/*` rules.',
  ],
} as const satisfies Record<string, readonly ['error' | 'warn', string]>

/** The id of a rule pdk validate adds. */
export type PackageRuleId = keyof typeof catalogue

/** Every `package/*` (and `config/*`) rule, with its default severity and what it checks. */
export const packageRules: readonly PackageRule[] = Object.entries(catalogue).map(([id, [severity, description]]) => ({
  id: id as PackageRuleId,
  severity,
  description,
}))

/** The default severity of a package rule. */
export function packageRuleSeverity(id: PackageRuleId): 'error' | 'warn' {
  return catalogue[id][0]
}
