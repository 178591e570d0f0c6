// A live "Aether" on the PostgreSQL server the test script started (AETHER_REVIEW_TEST_PG): a
// database with Aether's schema, planted secrets and a gateway's rows, filled by the same SQL as
// scripts/bench-snapshot.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The server's admin URL, or null when PostgreSQL tests are not asked for. */
export function testServer() {
  const url = process.env.AETHER_REVIEW_TEST_PG
  if (!url && process.env.AETHER_REVIEW_REQUIRE_PG === '1') throw new Error('AETHER_REVIEW_TEST_PG is not set')
  return url || null
}

const psql = (url, ...args) => execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8' })

/** Creates database `name` holding `rows` request candidates; returns its URL and a drop(). */
export function liveAether(adminUrl, name, rows) {
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  psql(adminUrl, '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`)
  psql(url, '-f', join(ROOT, 'core/tests/fixtures/aether_pg_schema.sql'))
  psql(url, '-v', `rows=${rows}`, '-f', join(ROOT, 'scripts/bench/aether_rows.sql'))
  return { url, drop: () => psql(adminUrl, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
