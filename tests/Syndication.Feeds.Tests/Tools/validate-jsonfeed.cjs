// Validates JSON Feed files against the JSON Feed 1.1 schema (npm jsonfeed-schema) with ajv + ajv-formats.
// Usage: node validate-jsonfeed.cjs <node_modules folder> <file>...
// Prints one JSON line per file: {"file": ..., "valid": true|false, "errors": [...]}; exit code 1 if any is invalid.
'use strict'
const path = require('path')
const fs = require('fs')
const modules = process.argv[2]
const Ajv = require(path.join(modules, 'ajv'))
const addFormats = require(path.join(modules, 'ajv-formats'))
const schema = require(path.join(modules, 'jsonfeed-schema', 'v1.1.js'))
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
const validate = ajv.compile(schema)
let failed = false
for (const file of process.argv.slice(3)) {
  const feed = JSON.parse(fs.readFileSync(file, 'utf8'))
  const valid = validate(feed)
  if (!valid) failed = true
  console.log(JSON.stringify({ file, valid, errors: validate.errors || [] }))
}
process.exit(failed ? 1 : 0)
