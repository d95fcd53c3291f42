// The corpus of broken manifests: each case says which rule fires, where (JSON pointer, and for
// text the line), and what the hint tells the author. Together with the valid manifests below
// it pins down what a host and `pdk validate` refuse.
import { describe, expect, it } from 'vitest'
import { minimalManifest, validManifest } from './__fixtures__/manifests.js'
import { manifestRules } from './manifest-rules.js'
import { parseManifestText } from './parse-manifest-text.js'
import type { Finding } from './types.js'
import { validateManifest } from './validate-manifest.js'

type Manifest = Record<string, any>

interface Case {
  name: string
  /** The manifest: an object (or any value), a change to the valid manifest, or package.json text. */
  input?: unknown
  change?: (m: Manifest) => void
  text?: string
  rule: string
  pointer: string
  hint: RegExp
  severity?: 'error' | 'warn'
  line?: number
  column?: number
  fix?: Finding['fix']
}

function broken(change: (m: Manifest) => void): Manifest {
  const manifest = validManifest()
  change(manifest)
  return manifest
}

/** What `pdk validate` does with a manifest: parse the text when there is one, then validate. */
function check(c: Case): Finding[] {
  if (c.text !== undefined) {
    const parsed = parseManifestText(c.text, 'package.json')
    if (!('value' in parsed)) return parsed.findings
    return [...parsed.findings, ...validateManifest(parsed.value, { file: 'package.json', text: c.text }).findings]
  }
  return validateManifest(c.change ? broken(c.change) : c.input, { file: 'package.json' }).findings
}

const validText = JSON.stringify(validManifest(), null, 2)
const bigName = `pdk-${'x'.repeat(211)}`

const cases: Case[] = [
  // Text that is not JSON, or JSON with something odd about it
  {
    name: 'trailing comma',
    text: '{\n  "name": "a",\n}',
    rule: 'manifest/json',
    pointer: '',
    hint: /trailing comma/,
    line: 3,
    column: 1,
  },
  {
    name: 'missing comma',
    text: '{\n  "name": "a"\n  "version": "1.0.0"\n}',
    rule: 'manifest/json',
    pointer: '',
    hint: /comma is missing/,
    line: 3,
    column: 3,
  },
  {
    name: 'comments',
    text: '{\n  // the name\n  "name": "a"\n}',
    rule: 'manifest/json',
    pointer: '',
    hint: /no comments/,
    line: 2,
    column: 3,
  },
  {
    name: 'single quotes',
    text: "{ 'name': 'a' }",
    rule: 'manifest/json',
    pointer: '',
    hint: /double quotes/,
    line: 1,
    column: 3,
  },
  {
    name: 'unquoted key',
    text: '{ name: "a" }',
    rule: 'manifest/json',
    pointer: '',
    hint: /quoted/,
    line: 1,
    column: 3,
  },
  { name: 'empty file', text: '', rule: 'manifest/json', pointer: '', hint: /is empty/, line: 1, column: 1 },
  {
    name: 'truncated file',
    text: '{\n  "name": "a",\n  "pdk": {',
    rule: 'manifest/json',
    pointer: '',
    hint: /ends early/,
    line: 3,
  },
  {
    name: 'BOM before a valid manifest',
    text: `\uFEFF${validText}`,
    rule: 'manifest/bom',
    pointer: '',
    hint: /without BOM/,
    severity: 'warn',
    line: 1,
    column: 1,
  },
  {
    name: 'BOM before malformed JSON',
    text: '\uFEFF{\n  "a": 1,,\n}',
    rule: 'manifest/json',
    pointer: '',
    hint: /JSON/,
    line: 2,
    column: 10,
  },
  {
    name: 'huge package.json',
    text: JSON.stringify({ ...validManifest(), description: 'x'.repeat(1_100_000) }),
    rule: 'manifest/too-large',
    pointer: '',
    hint: /Move data out/,
    severity: 'warn',
  },
  {
    name: 'error located in text',
    text: validText.replace('"memoryMb": 128', '"memoryMb": 100000'),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/memoryMb',
    hint: /between 16 and 8192/,
    line: validText.split('\n').findIndex((l) => l.includes('"memoryMb"')) + 1,
    column: 7,
  },
  // Not an object
  { name: 'array', input: [], rule: 'manifest/not-object', pointer: '', hint: /one JSON object/ },
  { name: 'null', input: null, rule: 'manifest/not-object', pointer: '', hint: /one JSON object/ },
  { name: 'string', input: 'pdk-plugin', rule: 'manifest/not-object', pointer: '', hint: /one JSON object/ },
  { name: 'number', input: 42, rule: 'manifest/not-object', pointer: '', hint: /one JSON object/ },
  { name: 'undefined', input: undefined, rule: 'manifest/not-object', pointer: '', hint: /one JSON object/ },
  // The pdk object
  { name: 'missing pdk', change: (m) => delete m.pdk, rule: 'manifest/pdk-missing', pointer: '/pdk', hint: /pdk init/ },
  { name: 'pdk is an array', change: (m) => (m.pdk = []), rule: 'manifest/type', pointer: '/pdk', hint: /pdk/ },
  {
    name: 'pdk is a string',
    change: (m) => (m.pdk = 'extension'),
    rule: 'manifest/type',
    pointer: '/pdk',
    hint: /pdk/,
  },
  // npm fields
  {
    name: 'missing name',
    change: (m) => delete m.name,
    rule: 'manifest/required',
    pointer: '/name',
    hint: /Add "name"/,
  },
  {
    name: 'name is a number',
    change: (m) => (m.name = 7),
    rule: 'manifest/type',
    pointer: '/name',
    hint: /npm package name/,
  },
  {
    name: 'name with spaces',
    change: (m) => (m.name = 'My Plugin'),
    rule: 'manifest/name',
    pointer: '/name',
    hint: /"my-plugin"/,
  },
  {
    name: 'name with capitals',
    change: (m) => (m.name = 'PdkPlugin'),
    rule: 'manifest/name',
    pointer: '/name',
    hint: /"pdkplugin"/,
  },
  { name: 'name too long', change: (m) => (m.name = bigName), rule: 'manifest/name', pointer: '/name', hint: /Rename/ },
  {
    name: 'name with a leading dot',
    change: (m) => (m.name = '.hidden'),
    rule: 'manifest/name',
    pointer: '/name',
    hint: /"hidden"/,
  },
  {
    name: 'missing version',
    change: (m) => delete m.version,
    rule: 'manifest/required',
    pointer: '/version',
    hint: /Add "version"/,
  },
  {
    name: 'version 1.0',
    change: (m) => (m.version = '1.0'),
    rule: 'manifest/version',
    pointer: '/version',
    hint: /"1\.0\.0"/,
  },
  {
    name: 'version with v',
    change: (m) => (m.version = 'v1.2.3'),
    rule: 'manifest/version',
    pointer: '/version',
    hint: /"1\.2\.3"/,
  },
  {
    name: 'version is a number',
    change: (m) => (m.version = 1),
    rule: 'manifest/type',
    pointer: '/version',
    hint: /semver/,
  },
  {
    name: 'missing type',
    change: (m) => delete m.type,
    rule: 'manifest/module-type',
    pointer: '/type',
    hint: /--fix/,
    fix: { op: 'set', pointer: '/type', value: 'module' },
  },
  {
    name: 'CommonJS type',
    change: (m) => (m.type = 'commonjs'),
    rule: 'manifest/module-type',
    pointer: '/type',
    hint: /"module"/,
  },
  {
    name: 'keywords is a string',
    change: (m) => (m.keywords = 'pdk-plugin'),
    rule: 'manifest/type',
    pointer: '/keywords',
    hint: /pdk-plugin/,
  },
  {
    name: 'engines.node is a number',
    change: (m) => (m.engines.node = 22),
    rule: 'manifest/type',
    pointer: '/engines/node',
    hint: /string/,
  },
  // manifestVersion, kind, host
  {
    name: 'missing manifestVersion',
    change: (m) => delete m.pdk.manifestVersion,
    rule: 'manifest/required',
    pointer: '/pdk/manifestVersion',
    hint: /Add "manifestVersion"/,
  },
  {
    name: 'manifestVersion from the future',
    change: (m) => (m.pdk.manifestVersion = 2),
    rule: 'manifest/manifest-version',
    pointer: '/pdk/manifestVersion',
    hint: /update @pdk\/core/,
  },
  {
    name: 'manifestVersion as a string',
    change: (m) => (m.pdk.manifestVersion = '1'),
    rule: 'manifest/manifest-version',
    pointer: '/pdk/manifestVersion',
    hint: /"manifestVersion": 1/,
    fix: { op: 'set', pointer: '/pdk/manifestVersion', value: 1 },
  },
  {
    name: 'missing kind',
    change: (m) => delete m.pdk.kind,
    rule: 'manifest/required',
    pointer: '/pdk/kind',
    hint: /Add "kind"/,
  },
  {
    name: 'kind is a number',
    change: (m) => (m.pdk.kind = 3),
    rule: 'manifest/type',
    pointer: '/pdk/kind',
    hint: /system/,
  },
  {
    name: 'kind is empty',
    change: (m) => (m.pdk.kind = ''),
    rule: 'manifest/kind',
    pointer: '/pdk/kind',
    hint: /system/,
  },
  {
    name: 'kind near a built-in',
    change: (m) => (m.pdk.kind = 'extention'),
    rule: 'manifest/kind',
    pointer: '/pdk/kind',
    hint: /"extension"/,
    severity: 'warn',
  },
  {
    name: 'missing host',
    change: (m) => delete m.pdk.host,
    rule: 'manifest/required',
    pointer: '/pdk/host',
    hint: /Add "host"/,
  },
  {
    name: 'missing host.range',
    change: (m) => delete m.pdk.host.range,
    rule: 'manifest/required',
    pointer: '/pdk/host/range',
    hint: /Add "range" to pdk\.host/,
  },
  {
    name: 'host.range not semver',
    change: (m) => (m.pdk.host.range = 'one'),
    rule: 'manifest/range',
    pointer: '/pdk/host/range',
    hint: /\^1\.2\.0/,
  },
  {
    name: 'host.range empty',
    change: (m) => (m.pdk.host.range = ''),
    rule: 'manifest/range',
    pointer: '/pdk/host/range',
    hint: /"\*"/,
  },
  {
    name: 'unknown key in host',
    change: (m) => (m.pdk.host.version = '1.0.0'),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/host/version',
    hint: /"name", "range"/,
  },
  {
    name: 'permissions at the top level',
    change: (m) => {
      m.permissions = m.pdk.permissions
      delete m.pdk.permissions
    },
    rule: 'manifest/misplaced-key',
    pointer: '/permissions',
    hint: /Move "permissions" into the "pdk" object/,
    severity: 'warn',
  },
  {
    name: 'kind both at the top level and in pdk',
    change: (m) => (m.kind = 'extension'),
    rule: 'manifest/misplaced-key',
    pointer: '/kind',
    hint: /remove the top-level one/,
    severity: 'warn',
  },
  // Unknown keys
  {
    name: 'misspelt dependencies',
    change: (m) => {
      m.pdk.dependancies = m.pdk.dependencies
      delete m.pdk.dependencies
    },
    rule: 'manifest/unknown-key',
    pointer: '/pdk/dependancies',
    hint: /Rename "dependancies" to "dependencies"/,
    fix: { op: 'rename-key', pointer: '/pdk/dependancies', to: 'dependencies' },
  },
  {
    name: 'permission without s',
    change: (m) => (m.pdk.permission = {}),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/permission',
    hint: /"permissions"/,
  },
  {
    name: 'npm field inside pdk',
    change: (m) => (m.pdk.description = 'x'),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/description',
    hint: /top level/,
  },
  {
    name: 'unrelated key in pdk',
    change: (m) => (m.pdk.zzz = 1),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/zzz',
    hint: /Remove it/,
  },
  {
    name: 'key with a slash',
    change: (m) => (m.pdk['a/b'] = 1),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/a~1b',
    hint: /Remove it/,
  },
  // Plugin dependencies
  {
    name: 'dependencies is an array',
    change: (m) => (m.pdk.dependencies = ['pdk-plugin-store']),
    rule: 'manifest/type',
    pointer: '/pdk/dependencies',
    hint: /semver ranges/,
  },
  {
    name: 'dist-tag as range',
    change: (m) => (m.pdk.dependencies['pdk-plugin-store'] = 'latest'),
    rule: 'manifest/range',
    pointer: '/pdk/dependencies/pdk-plugin-store',
    hint: /Dist-tags/,
  },
  {
    name: 'workspace specifier',
    change: (m) => (m.pdk.dependencies['pdk-plugin-store'] = 'workspace:^'),
    rule: 'manifest/range',
    pointer: '/pdk/dependencies/pdk-plugin-store',
    hint: /workspace:/,
  },
  {
    name: 'range is a number',
    change: (m) => (m.pdk.dependencies['pdk-plugin-store'] = 2),
    rule: 'manifest/type',
    pointer: '/pdk/dependencies/pdk-plugin-store',
    hint: /Change/,
  },
  {
    name: 'self-dependency',
    change: (m) => (m.pdk.dependencies[m.name] = '^1.0.0'),
    rule: 'manifest/self-dependency',
    pointer: '/pdk/dependencies/pdk-plugin-greeter',
    hint: /Remove "pdk-plugin-greeter"/,
  },
  {
    name: 'optional self-dependency',
    change: (m) => (m.pdk.optionalDependencies[m.name] = '*'),
    rule: 'manifest/self-dependency',
    pointer: '/pdk/optionalDependencies/pdk-plugin-greeter',
    hint: /Remove/,
  },
  {
    name: 'invalid dependency name',
    change: (m) => (m.pdk.dependencies['Store Plugin'] = '^1.0.0'),
    rule: 'manifest/dependency-name',
    pointer: '/pdk/dependencies/Store Plugin',
    hint: /"store-plugin"/,
  },
  {
    name: 'both required and optional',
    change: (m) => (m.pdk.optionalDependencies['pdk-plugin-store'] = '^2.0.0'),
    rule: 'manifest/dependency-duplicate',
    pointer: '/pdk/optionalDependencies/pdk-plugin-store',
    hint: /Remove/,
    severity: 'warn',
  },
  // File system permissions
  {
    name: 'absolute read path',
    change: (m) => (m.pdk.permissions.fs.read = ['/etc/passwd']),
    rule: 'manifest/fs-absolute',
    pointer: '/pdk/permissions/fs/read/0',
    hint: /relative to the package folder/,
  },
  {
    name: 'drive letter write path',
    change: (m) => (m.pdk.permissions.fs.write = ['C:\\data']),
    rule: 'manifest/fs-absolute',
    pointer: '/pdk/permissions/fs/write/0',
    hint: /data folder/,
  },
  {
    name: 'home path',
    change: (m) => (m.pdk.permissions.fs.write = ['./cache', '~/.ssh']),
    rule: 'manifest/fs-absolute',
    pointer: '/pdk/permissions/fs/write/1',
    hint: /relative/,
  },
  {
    name: 'escaping read path',
    change: (m) => (m.pdk.permissions.fs.read = ['../secrets']),
    rule: 'manifest/fs-escape',
    pointer: '/pdk/permissions/fs/read/0',
    hint: /remove the "\.\.\/" parts/,
  },
  {
    name: 'escape after normalising',
    change: (m) => (m.pdk.permissions.fs.read = ['assets/../../x']),
    rule: 'manifest/fs-escape',
    pointer: '/pdk/permissions/fs/read/0',
    hint: /inside the package folder/,
  },
  {
    name: 'empty path',
    change: (m) => (m.pdk.permissions.fs.read = ['']),
    rule: 'manifest/fs-empty',
    pointer: '/pdk/permissions/fs/read/0',
    hint: /Write "\."/,
  },
  {
    name: 'backslashes',
    change: (m) => (m.pdk.permissions.fs.read = ['assets\\img']),
    rule: 'manifest/fs-posix',
    pointer: '/pdk/permissions/fs/read/0',
    hint: /"assets\/img"/,
  },
  {
    name: 'fs.read is a string',
    change: (m) => (m.pdk.permissions.fs.read = './assets'),
    rule: 'manifest/type',
    pointer: '/pdk/permissions/fs/read',
    hint: /package folder/,
  },
  {
    name: 'fs.exec',
    change: (m) => (m.pdk.permissions.fs.exec = []),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/permissions/fs/exec',
    hint: /"read", "write"/,
  },
  // Network, env, booleans
  {
    name: 'network with scheme',
    change: (m) => (m.pdk.permissions.network = ['https://api.example.com']),
    rule: 'manifest/network',
    pointer: '/pdk/permissions/network/0',
    hint: /"api\.example\.com:443"/,
  },
  {
    name: 'network with path',
    change: (m) => (m.pdk.permissions.network = ['api.example.com/v1']),
    rule: 'manifest/network',
    pointer: '/pdk/permissions/network/0',
    hint: /"api\.example\.com"/,
  },
  {
    name: 'network port out of range',
    change: (m) => (m.pdk.permissions.network = ['api.example.com:70000']),
    rule: 'manifest/network',
    pointer: '/pdk/permissions/network/0',
    hint: /host/,
  },
  {
    name: 'network star',
    change: (m) => (m.pdk.permissions.network = ['*']),
    rule: 'manifest/network',
    pointer: '/pdk/permissions/network/0',
    hint: /\*\.example\.com/,
  },
  {
    name: 'network star inside',
    change: (m) => (m.pdk.permissions.network = ['api.*.com']),
    rule: 'manifest/network',
    pointer: '/pdk/permissions/network/0',
    hint: /host/,
  },
  {
    name: 'env with dash',
    change: (m) => (m.pdk.permissions.env = ['MY-VAR']),
    rule: 'manifest/env',
    pointer: '/pdk/permissions/env/0',
    hint: /"MY_VAR"/,
  },
  {
    name: 'env as interpolation',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the mistake under test is a literal ${…}
    change: (m) => (m.pdk.permissions.env = ['${TOKEN}']),
    rule: 'manifest/env',
    pointer: '/pdk/permissions/env/0',
    hint: /"TOKEN"/,
  },
  {
    name: 'childProcess as text',
    change: (m) => (m.pdk.permissions.childProcess = 'yes'),
    rule: 'manifest/type',
    pointer: '/pdk/permissions/childProcess',
    hint: /child processes/,
  },
  // Activation, capabilities
  {
    name: 'activation case',
    change: (m) => (m.pdk.activation = ['onstartup']),
    rule: 'manifest/activation',
    pointer: '/pdk/activation/0',
    hint: /"onStartup"/,
  },
  {
    name: 'activation without topic',
    change: (m) => (m.pdk.activation = ['onMessage']),
    rule: 'manifest/activation',
    pointer: '/pdk/activation/0',
    hint: /"onMessage:TOPIC"/,
  },
  {
    name: 'activation misspelt trigger',
    change: (m) => (m.pdk.activation = ['onEvents:user.*']),
    rule: 'manifest/activation',
    pointer: '/pdk/activation/0',
    hint: /"onEvent:user\.\*"/,
  },
  {
    name: 'activation empty list',
    change: (m) => (m.pdk.activation = []),
    rule: 'manifest/activation',
    pointer: '/pdk/activation',
    hint: /Remove "activation"/,
    severity: 'warn',
  },
  {
    name: 'activation is a string',
    change: (m) => (m.pdk.activation = 'onStartup'),
    rule: 'manifest/type',
    pointer: '/pdk/activation',
    hint: /onStartup/,
  },
  {
    name: 'repeated capability',
    change: (m) => m.pdk.capabilities.push('greeting'),
    rule: 'manifest/duplicate',
    pointer: '/pdk/capabilities/1',
    hint: /Remove the repeated/,
    severity: 'warn',
  },
  {
    name: 'empty capability',
    change: (m) => (m.pdk.capabilities = ['']),
    rule: 'manifest/value',
    pointer: '/pdk/capabilities/0',
    hint: /provides/,
  },
  // Isolation and limits
  {
    name: 'isolation near miss',
    change: (m) => (m.pdk.isolation = 'workers'),
    rule: 'manifest/isolation',
    pointer: '/pdk/isolation',
    hint: /"worker"/,
  },
  {
    name: 'isolation unknown',
    change: (m) => (m.pdk.isolation = 'vm'),
    rule: 'manifest/isolation',
    pointer: '/pdk/isolation',
    hint: /least isolation/,
  },
  {
    name: 'memory too high',
    change: (m) => (m.pdk.limits.memoryMb = 9000),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/memoryMb',
    hint: /8192 MB is the most/,
  },
  {
    name: 'memory too low',
    change: (m) => (m.pdk.limits.memoryMb = 8),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/memoryMb',
    hint: /between 16 and 8192/,
  },
  {
    name: 'zero timeout',
    change: (m) => (m.pdk.limits.startTimeoutMs = 0),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/startTimeoutMs',
    hint: /between 1 and 600000/,
  },
  {
    name: 'timeout over ten minutes',
    change: (m) => (m.pdk.limits.stopTimeoutMs = 700_000),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/stopTimeoutMs',
    hint: /600000 ms is the most/,
  },
  {
    name: 'fractional timeout',
    change: (m) => (m.pdk.limits.callTimeoutMs = 1.5),
    rule: 'manifest/limits',
    pointer: '/pdk/limits/callTimeoutMs',
    hint: /whole number/,
  },
  {
    name: 'timeout as text',
    change: (m) => (m.pdk.limits.stopTimeoutMs = '5s'),
    rule: 'manifest/type',
    pointer: '/pdk/limits/stopTimeoutMs',
    hint: /ms/,
  },
  {
    name: 'limit with wrong case',
    change: (m) => (m.pdk.limits = { memoryMB: 128 }),
    rule: 'manifest/unknown-key',
    pointer: '/pdk/limits/memoryMB',
    hint: /"memoryMb"/,
    fix: { op: 'rename-key', pointer: '/pdk/limits/memoryMB', to: 'memoryMb' },
  },
  // Config schema
  {
    name: 'config is a string',
    change: (m) => (m.pdk.config = 'greeting'),
    rule: 'manifest/type',
    pointer: '/pdk/config',
    hint: /JSON Schema/,
  },
  {
    name: 'config of a string',
    change: (m) => (m.pdk.config = { type: 'string' }),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config/type',
    hint: /"type": "object"/,
  },
  {
    name: 'config with a misspelt type',
    change: (m) => (m.pdk.config.properties.greeting.type = 'strng'),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config/properties/greeting/type',
    hint: /"string"/,
  },
  {
    name: 'config with a dangling $ref',
    change: (m) => (m.pdk.config.properties.greeting = { $ref: '#/$defs/greeting' }),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config',
    hint: /\$defs/,
  },
  {
    name: 'config with a broken regex',
    change: (m) => (m.pdk.config.properties.greeting.pattern = '['),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config',
    hint: /Fix the schema/,
  },
  {
    name: 'config in draft-07',
    change: (m) => (m.pdk.config.$schema = 'http://json-schema.org/draft-07/schema#'),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config/$schema',
    hint: /Remove "\$schema"/,
  },
  {
    name: 'default of the wrong type',
    change: (m) => (m.pdk.config.properties.greeting.default = 42),
    rule: 'manifest/config-default',
    pointer: '/pdk/config/properties/greeting/default',
    hint: /satisfies the schema/,
  },
  {
    name: 'nested default outside its bounds',
    change: (m) =>
      (m.pdk.config.properties.retry = {
        type: 'object',
        properties: { times: { type: 'integer', minimum: 1, default: 0 } },
      }),
    rule: 'manifest/config-default',
    pointer: '/pdk/config/properties/retry/properties/times/default',
    hint: /satisfies the schema/,
  },
  {
    name: 'default against a $ref',
    change: (m) => {
      m.pdk.config.$defs = { level: { enum: ['low', 'high'] } }
      m.pdk.config.properties.level = { $ref: '#/$defs/level', default: 'medium' }
    },
    rule: 'manifest/config-default',
    pointer: '/pdk/config/properties/level/default',
    hint: /satisfies the schema/,
  },
  {
    name: 'unknown keyword in config',
    change: (m) => (m.pdk.config.properties.greeting.defualt = 'Hi'),
    rule: 'manifest/config-schema',
    pointer: '/pdk/config/properties/greeting/defualt',
    hint: /"default"/,
    severity: 'warn',
  },
  // Entry
  {
    name: 'TypeScript entry',
    change: (m) => (m.pdk.entry = './src/index.ts'),
    rule: 'manifest/entry-path',
    pointer: '/pdk/entry',
    hint: /"\.\/dist\/index\.js".*pdk build/,
  },
  {
    name: 'absolute entry',
    change: (m) => (m.pdk.entry = '/srv/index.js'),
    rule: 'manifest/entry-path',
    pointer: '/pdk/entry',
    hint: /relative/,
  },
  {
    name: 'escaping entry',
    change: (m) => (m.pdk.entry = '../other/index.js'),
    rule: 'manifest/entry-path',
    pointer: '/pdk/entry',
    hint: /inside the package/,
  },
  {
    name: 'CommonJS entry',
    change: (m) => (m.pdk.entry = './dist/index.cjs'),
    rule: 'manifest/entry-path',
    pointer: '/pdk/entry',
    hint: /ES modules/,
  },
  {
    name: 'entry without extension',
    change: (m) => (m.pdk.entry = './dist/index'),
    rule: 'manifest/entry-path',
    pointer: '/pdk/entry',
    hint: /extension/,
  },
  {
    name: 'no entry at all',
    change: (m) => {
      delete m.pdk.entry
      delete m.exports
    },
    rule: 'manifest/entry-missing',
    pointer: '/pdk',
    hint: /"entry": "\.\/dist\/index\.js"/,
  },
  {
    name: 'exports with require only',
    change: (m) => {
      delete m.pdk.entry
      m.exports = { '.': { require: './dist/index.cjs' } }
    },
    rule: 'manifest/entry-missing',
    pointer: '/pdk',
    hint: /import/,
  },
  {
    name: 'TypeScript main',
    input: { ...minimalManifest(), main: 'index.ts' },
    rule: 'manifest/entry-path',
    pointer: '/main',
    hint: /"index\.js"/,
  },
  {
    name: 'exports import is TypeScript',
    change: (m) => {
      delete m.pdk.entry
      m.exports['.'].import = './src/index.ts'
    },
    rule: 'manifest/entry-path',
    pointer: '/exports/./import',
    hint: /"\.\/dist\/index\.js"/,
  },
  // Size
  {
    name: 'thousands of unknown keys',
    change: (m) => {
      for (let i = 0; i < 5000; i++) m.pdk[`extra${i}`] = i
    },
    rule: 'manifest/too-many-findings',
    pointer: '',
    hint: /Fix the findings shown/,
    severity: 'warn',
  },
]

describe('the corpus of broken manifests', () => {
  it('has at least 50 cases and covers every manifest rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50)
    const covered = new Set(cases.map((c) => c.rule))
    const uncovered = manifestRules.map((rule) => rule.id).filter((id) => !covered.has(id) && id !== 'manifest/value')
    expect(uncovered).toEqual([])
  })

  it.each(cases)('$name: $rule at "$pointer"', (c) => {
    const findings = check(c)
    const match = findings.find((f) => f.rule === c.rule && f.pointer === c.pointer)
    expect(match, `findings: ${JSON.stringify(findings, null, 1).slice(0, 3000)}`).toBeDefined()
    expect(match!.hint).toMatch(c.hint)
    expect(match!.severity).toBe(c.severity ?? 'error')
    expect(match!.message.length).toBeGreaterThan(10)
    expect(match!.expected).toBeTruthy()
    expect(match!.found).toBeTruthy()
    if (c.line !== undefined) expect(match!.line).toBe(c.line)
    if (c.column !== undefined) expect(match!.column).toBe(c.column)
    if (c.fix) expect(match!).toMatchObject({ fixable: true, fix: c.fix })
    for (const finding of findings) {
      // Friendly text only: none of ajv's own wording reaches an author.
      expect(finding.message).not.toMatch(
        /must NOT have|must have required property|must be equal to|must match pattern/,
      )
      expect(finding.rule).toMatch(/^manifest\/[a-z-]+$/)
      expect(finding.hint).toBeTruthy()
    }
  })

  it('reports every problem of one manifest in one pass', () => {
    const manifest = broken((m) => {
      m.version = 'one'
      m.pdk.dependancies = {}
      m.pdk.permissions.fs.read = ['/etc', '../up']
      m.pdk.limits.memoryMb = 1
      m.pdk.config.properties.greeting.default = 1
    })
    const rules = validateManifest(manifest).findings.map((f) => `${f.rule} ${f.pointer}`)
    expect(rules).toEqual([
      // In document order: `dependancies` was added last to `pdk`.
      'manifest/version /version',
      'manifest/fs-absolute /pdk/permissions/fs/read/0',
      'manifest/fs-escape /pdk/permissions/fs/read/1',
      'manifest/limits /pdk/limits/memoryMb',
      'manifest/config-default /pdk/config/properties/greeting/default',
      'manifest/unknown-key /pdk/dependancies',
    ])
  })

  it('caps what it reports at 200 findings plus one saying how many more there were', () => {
    const findings = validateManifest(
      broken((m) => {
        for (let i = 0; i < 500; i++) m.pdk[`extra${i}`] = i
      }),
    ).findings
    expect(findings).toHaveLength(201)
    expect(findings.at(-1)!.message).toMatch(/^300 more findings not shown/)
  })

  it('fails a report whose only errors are beyond the cap', () => {
    const report = validateManifest(
      broken((m) => {
        m.pdk.capabilities = Array.from({ length: 300 }, () => 'greeting')
        m.pdk.limits.memoryMb = 1
      }),
    )
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(report.ok).toBe(false)
  })
})
