// The PostgreSQL skip/require rule of the e2e scenarios (lib/pg.js), without the app.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { testServer } from '../lib/pg.js'

function withEnv(vars, run) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  try {
    return run()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

// Port 1 on the loopback: nothing listens there.
const DOWN = 'postgres://postgres@127.0.0.1:1/postgres'

test('a server that does not answer fails at once when PostgreSQL is required', () => {
  const started = Date.now()
  assert.throws(() => withEnv({ AETHER_REVIEW_TEST_PG: DOWN, AETHER_REVIEW_REQUIRE_PG: '1' }, testServer), /127\.0\.0\.1.*does not answer/)
  assert.ok(Date.now() - started < 10_000)
})

test('a server that does not answer, or none, is a skip when PostgreSQL is not required', () => {
  assert.equal(withEnv({ AETHER_REVIEW_TEST_PG: DOWN, AETHER_REVIEW_REQUIRE_PG: '0' }, testServer), null)
  assert.equal(withEnv({ AETHER_REVIEW_TEST_PG: '', AETHER_REVIEW_REQUIRE_PG: '0' }, testServer), null)
  assert.throws(() => withEnv({ AETHER_REVIEW_TEST_PG: '', AETHER_REVIEW_REQUIRE_PG: '1' }, testServer), /not set/)
})
