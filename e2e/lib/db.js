// What the database file holds, read the ways an admin would check: the aether-review CLI, and
// plain SQL through Python's sqlite3 (on every Debian; the sqlite3 shell may not be).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { requiredEnv } from './app.js'

/** Runs `aether-review ARGS… --json` and parses its output. */
export function cliJson(...args) {
  const out = execFileSync(requiredEnv('AETHER_REVIEW_CLI'), [...args, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 })
  return JSON.parse(out)
}

/** Every row of a read-only SQL query, as objects. */
export function sqlRows(dbPath, sql, params = []) {
  const script = `
import json, sqlite3, sys
con = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
con.row_factory = sqlite3.Row
rows = [dict(r) for r in con.execute(sys.argv[2], json.loads(sys.argv[3]))]
print(json.dumps(rows))
`
  return JSON.parse(execFileSync('python3', ['-c', script, dbPath, sql, JSON.stringify(params)], { encoding: 'utf8' }))
}

/** A fingerprint of the file and its WAL/journal: equal fingerprints mean nothing was written. */
export function fileFingerprint(dbPath) {
  const hash = createHash('sha256')
  for (const suffix of ['', '-wal', '-journal']) {
    const path = dbPath + suffix
    hash.update(`${suffix}:`)
    if (existsSync(path)) hash.update(readFileSync(path))
  }
  return hash.digest('hex')
}
