#!/usr/bin/env node
// Compiles @pdk/core's JSON Schemas into standalone ajv validators (plain ESM), so neither the
// CLI nor a host pays a schema compile (~100 ms) at start-up. Each output carries a hash of
// its inputs; an unchanged schema is not recompiled. `--check` exits 1 when an output is stale
// (used by a test), without writing anything.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = dirname(dirname(fileURLToPath(import.meta.url)))
const require = createRequire(join(pkg, 'package.json'))
const check = process.argv.includes('--check')

/** Every schema this package compiles: source, output (a `.js` and a `.d.ts` beside it), export name. */
const targets = [
  {
    schema: 'src/manifest/manifest.schema.json',
    output: 'src/manifest/validate-schema.generated',
    exportName: 'validateManifestSchema',
  },
  {
    schema: 'src/config/pdk-config.schema.json',
    output: 'src/config/validate-config.generated',
    exportName: 'validatePdkConfigSchema',
  },
]

function inputsHash(schemaText) {
  const ajvVersion = require('ajv/package.json').version
  const formatsVersion = require('ajv-formats/package.json').version
  const self = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  return createHash('sha256').update(`${ajvVersion}\0${formatsVersion}\0${self}\0${schemaText}`).digest('hex')
}

function readHash(file) {
  try {
    return /^\/\/ inputs-hash: ([0-9a-f]{64})$/m.exec(readFileSync(file, 'utf8'))?.[1]
  } catch {
    return undefined
  }
}

// ajv compiles a `$ref` to a definition that itself has refs into a function of its own, and
// calls it with a fresh options object and a concatenated instance path for every value it
// validates: a manifest went through three such calls, on every boot for every plugin. The
// schemas have no recursive refs, so each ref is replaced by a copy of its definition before
// compiling and the validator is one function. Errors are the same (keyword, params,
// instancePath, propertyName, order); only `schemaPath` names the inlined place instead of
// `#/$defs/...`, and nothing reads it. Refs sit beside nothing but a `description`.
function inlineRefs(schema) {
  const defs = schema.$defs ?? {}
  const inline = (node, seen) => {
    if (Array.isArray(node)) return node.map((item) => inline(item, seen))
    if (node === null || typeof node !== 'object') return node
    const out = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') continue
      // \`const\`, \`enum\`, \`default\` and \`examples\` are data, not schemas.
      out[key] = ['const', 'enum', 'default', 'examples'].includes(key) ? value : inline(value, seen)
    }
    if (typeof node.$ref !== 'string') return out
    const name = /^#\/\$defs\/([^/]+)$/.exec(node.$ref)?.[1]
    const siblings = Object.keys(node).filter((key) => key !== '$ref' && key !== 'description')
    if (name === undefined || !(name in defs) || seen.includes(name) || siblings.length > 0) {
      throw new Error(
        `prebuild: cannot inline ${JSON.stringify(node.$ref)} (beside ${siblings.join(', ') || 'nothing'})`,
      )
    }
    return { ...inline(defs[name], [...seen, name]), ...out }
  }
  const { $defs, ...root } = schema
  return inline(root, [])
}

function compile(schema, exportName) {
  const { Ajv2020 } = require('ajv/dist/2020.js')
  const standaloneCode = require('ajv/dist/standalone').default
  const addFormats = require('ajv-formats')
  const { _ } = require('ajv')
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    schemas: [inlineRefs(schema)],
    code: {
      source: true,
      esm: true,
      lines: false,
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
  })
  // Formats are only emitted when a schema uses `format`; the generated code then imports them
  // from ajv-formats instead of inlining them.
  addFormats(ajv)
  const code = standaloneCode(ajv, { [exportName]: schema.$id })
  return esmRequires(lengthChecks(code))
}

// String lengths are counted in code points (ajv's ucs2length walks the whole string), and a
// manifest's name, kind, host and dependencies are checked on every boot. A string has no code
// points exactly when it has no UTF-16 units, and never more code points than units, so
// `minLength: 1` is `length < 1` and `maxLength: N` need count only strings longer than N units.
// Any other use of ucs2length is left as it is.
function lengthChecks(code) {
  const name = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/.exec(code)?.[1]
  if (name === undefined) return code
  return code
    .replaceAll(new RegExp(`\\b${name}\\((\\w+)\\) < 1\\b`, 'g'), '$1.length < 1')
    .replaceAll(new RegExp(`\\b${name}\\((\\w+)\\) > (\\d+)\\b`, 'g'), `($1.length > $2 && ${name}($1) > $2)`)
}

// ajv's "esm" output still calls require() for its runtime helpers (ucs2length, equal…). Give
// the module a real `require` so those CommonJS helpers load the same way under Node and vitest.
function esmRequires(code) {
  const body = code.replace(/^"use strict";/, '')
  if (!body.includes('require(')) return body
  return `import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\n${body}`
}

function declaration(exportName, schemaFile) {
  return `// Generated by scripts/prebuild.mjs from ${schemaFile}. Do not edit.
import type { ErrorObject } from 'ajv'

/** The ahead-of-time compiled validator of ${schemaFile}; \`errors\` holds every error of the last call. */
export declare const ${exportName}: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }
`
}

// JSON Schema 2020-12's own meta-schema, which `manifest/config-schema` checks a plugin's
// `pdk.config` against: ajv compiles it on first use, ~100 ms of a cold `pdk validate` and of a
// host's first plugin with a config. CommonJS, so the rule can load it lazily as it loads ajv;
// compiled with the rule's own options (every error, verbose), so its errors are the same.
function compileMeta() {
  const { Ajv2020 } = require('ajv/dist/2020.js')
  const standaloneCode = require('ajv/dist/standalone').default
  const addFormats = require('ajv-formats')
  const { _ } = require('ajv')
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: 'log',
    allowUnionTypes: true,
    logger: false,
    code: { source: true, lines: false, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  })
  addFormats(ajv)
  return standaloneCode(ajv, { validateMetaSchema: 'https://json-schema.org/draft/2020-12/schema' })
}

let stale = 0
{
  const output = 'src/manifest/validate-meta-schema.generated'
  const hash = inputsHash('https://json-schema.org/draft/2020-12/schema')
  const cjs = join(pkg, `${output}.cjs`)
  if (readHash(cjs) !== hash) {
    stale++
    if (check) process.stderr.write(`${output}.cjs is out of date: run node scripts/prebuild.mjs\n`)
    else {
      writeFileSync(
        cjs,
        `// Generated by scripts/prebuild.mjs from ajv's JSON Schema 2020-12 meta-schema. Do not edit.\n// inputs-hash: ${hash}\n${compileMeta()}\n`,
      )
      process.stderr.write('[prebuild] compiled the JSON Schema 2020-12 meta-schema\n')
    }
  }
}
for (const target of targets) {
  const schemaFile = join(pkg, target.schema)
  const text = readFileSync(schemaFile, 'utf8')
  const hash = inputsHash(text)
  const js = join(pkg, `${target.output}.js`)
  const dts = join(pkg, `${target.output}.d.ts`)
  if (readHash(js) === hash && readHash(dts) === hash) continue
  stale++
  if (check) {
    process.stderr.write(`${target.output}.js is out of date with ${target.schema}: run node scripts/prebuild.mjs\n`)
    continue
  }
  const code = compile(JSON.parse(text), target.exportName)
  const banner = `// Generated by scripts/prebuild.mjs from ${target.schema}. Do not edit.\n// inputs-hash: ${hash}\n`
  writeFileSync(js, `${banner}// @ts-nocheck\n${code}\n`)
  writeFileSync(dts, declaration(target.exportName, target.schema).replace('\n', `\n// inputs-hash: ${hash}\n`))
  process.stderr.write(`[prebuild] compiled ${target.schema}\n`)
}
if (check && stale > 0) process.exit(1)
