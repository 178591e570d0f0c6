// A live "Aether" on the PostgreSQL server the test script started (AETHER_REVIEW_TEST_PG): a
// database with Aether's schema, planted secrets and a gateway's rows, filled by the same SQL as
// scripts/bench-snapshot.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

// Seconds psql waits for the server: a server that is down is reported at once, not at the
// scenario's timeout.
const CONNECT_TIMEOUT = '5'

const psql = (url, ...args) =>
  execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGCONNECT_TIMEOUT: CONNECT_TIMEOUT },
  })

/**
 * The server's admin URL, or null (after saying why) when PostgreSQL tests are skipped: the same
 * rule as the Rust tests' `core/tests/pg_support`. Unset or not answering is a skip, and a failure
 * when AETHER_REVIEW_REQUIRE_PG=1 (scripts/test-all).
 */
export function testServer() {
  const url = process.env.AETHER_REVIEW_TEST_PG?.trim()
  let problem = 'AETHER_REVIEW_TEST_PG is not set'
  if (url) {
    try {
      psql(url, '-c', 'SELECT 1')
      return url
    } catch (e) {
      problem = `the PostgreSQL test server at ${url} does not answer: ${String(e.stderr || e.message).trim()}`
    }
  }
  if (process.env.AETHER_REVIEW_REQUIRE_PG === '1') throw new Error(`AETHER_REVIEW_REQUIRE_PG=1 but ${problem}`)
  console.warn(`skipped: PostgreSQL scenario (${problem})`)
  return null
}

/**
 * Creates database `name` holding `rows` request candidates; returns its URL and a drop(). A
 * database left by a run that died before its drop() is dropped first.
 */
export function liveAether(adminUrl, name, rows) {
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  psql(adminUrl, '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`)
  psql(url, '-f', join(ROOT, 'core/tests/fixtures/aether_pg_schema.sql'))
  psql(url, '-v', `rows=${rows}`, '-f', join(ROOT, 'scripts/bench/aether_rows.sql'))
  return { url, drop: () => psql(adminUrl, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
