// The manifest validator's cost where it matters: a CLI or host process starting and checking
// one manifest. Subject: @pdk/core's validateManifest (ahead-of-time compiled schema + every
// rule). Peer: the same schema compiled with ajv at start-up, then one validation, as a
// validator without a build step does. Goal (issue 3: "no schema compile at start-up"): ≤ 0.5×
// for a manifest without `config`. With a `config`, validateManifest compiles the plugin's own
// schema (it must check it), so that measure is shown without a goal.
// The last measure times validateManifest per manifest in process, against the runtime-compiled
// ajv validator doing only the schema part, to keep the ~35 semantic rules honest (goal ≤ 25×).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateManifest } from '../packages/core/dist/manifest/validate-manifest.js'
import { compare, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const core = join(root, 'packages', 'core')
const schemaFile = join(core, 'dist', 'manifest', 'manifest.schema.json')
const manifest = JSON.parse(readFileSync(join(root, 'examples', 'plugins', 'greeter', 'package.json'), 'utf8'))
const { config, ...pdkWithoutConfig } = manifest.pdk
const withoutConfig = { ...manifest, pdk: pdkWithoutConfig }

const subjectScript = (m) => `
  const { validateManifest } = await import(${JSON.stringify(join(core, 'dist', 'manifest', 'validate-manifest.js'))})
  if (!validateManifest(${JSON.stringify(m)}).ok) process.exit(1)`
const peerScript = (manifest) => `
  const { createRequire } = await import('node:module')
  const require = createRequire(${JSON.stringify(join(core, 'package.json'))})
  const { Ajv2020 } = require('ajv/dist/2020.js')
  const addFormats = require('ajv-formats')
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true })
  addFormats(ajv)
  const validate = ajv.compile(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(schemaFile)}, 'utf8')))
  if (!validate(${JSON.stringify(manifest)})) process.exit(1)`

const node = (script) => runProcess(process.execPath, ['--input-type=module', '-e', script])
const measures = [
  await compare('validate-one-cold (process)', {
    subject: () => node(subjectScript(withoutConfig)),
    peer: () => node(peerScript(withoutConfig)),
    peerName: 'ajv compile at start-up',
    goal: 0.5,
    rounds: 11,
  }),
  await compare('validate-one-cold, with config (process)', {
    subject: () => node(subjectScript(manifest)),
    peer: () => node(peerScript(manifest)),
    peerName: 'ajv compile at start-up',
    rounds: 11,
  }),
]

const require = createRequire(join(core, 'package.json'))
const { Ajv2020 } = require('ajv/dist/2020.js')
const ajvSchemaOnly = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(schemaFile, 'utf8')),
)
const batch = Array.from({ length: 1000 }, (_, i) => ({ ...manifest, name: `pdk-plugin-${i}` }))
measures.push(
  await compare('validate-1k (in process)', {
    subject: () => {
      for (const m of batch) validateManifest(m)
    },
    peer: () => {
      for (const m of batch) ajvSchemaOnly(m)
    },
    peerName: 'ajv schema only',
    goal: 25,
  }),
)

await report('manifest-validate', measures)
