// After an incident, on the real app: from a provider's failing bucket to its events filtered to
// failures, one request's chain, and back with the window kept; an event list exported as CSV
// through the native save dialog and read back; and the providers list, virtual, scrolled with
// 1,000 providers while the WebView's PerformanceObserver watches for long tasks.
import { before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { demoPathIn, freshHome, requiredEnv } from '../lib/app.js'
import { demoSession } from '../lib/session.js'
import { cliJson } from '../lib/db.js'
import { parseCsv } from '../lib/csv.js'
import { measureScroll, scrollReport } from '../lib/scroll.js'

/** Whether this build's CLI reads events (the drill-in scenarios compare the app with it). */
function cliReadsEvents() {
  try {
    execFileSync(requiredEnv('AETHER_REVIEW_CLI'), ['events', '--help'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const home = freshHome()
const demoPath = demoPathIn(home)
const cli = (...args) => execFileSync(requiredEnv('AETHER_REVIEW_CLI'), args, { encoding: 'utf8', maxBuffer: 256 << 20 })
/** The CLI's arguments for the bucket the app shows: the same window, as-of and index. */
const bucketArgs = (t) => ['events', '--db', demoPath, '--read-only', '--provider', t.provider.id, '--endpoint', t.endpoint.endpoint_id, '--bucket', String(t.index), '--lookback-hours', '24', '--as-of', t.asOf]

describe('after an incident', () => {
  let browser
  let $
  /** The provider, endpoint and bucket the scenarios drill into. */
  let target = null

  const session = demoSession('incident', home)
  const { scenario } = session
  before(() => {
    browser = session.browser
    $ = session.$
  })

  scenario('a failing bucket opens its events; filtered to failures; one request’s chain; back keeps the window', async () => {
    // The demo's worst endpoint bucket over 24 h by failed attempts (not the last bucket, whose
    // end is inclusive), found with the CLI.
    const summary = cliJson('summary', '--db', demoPath, '--read-only')
    for (const p of summary.filter((x) => x.total_endpoints > 0)) {
      const health = cliJson('health', '--db', demoPath, '--read-only', '--provider', p.id, '--lookback-hours', '24')
      for (const e of health.endpoints) {
        e.timeline.slice(0, -1).forEach((b, index) => {
          if (b.failed > 0 && (!target || b.failed > target.bucket.failed)) target = { provider: p, endpoint: e, bucket: b, index }
        })
      }
    }
    assert.ok(target, 'the demo has a bucket with failures in the last 24 h')
    const { provider, endpoint, index } = target

    await $.click('provider-card', `[data-provider-id="${provider.id}"]`)
    await $.el('provider-detail').waitForDisplayed()
    await $.choose('control-lookback', '24')
    await $.waitUntil(async () => (await $.hash()).includes('lookback=24'), 'the lookback is in the URL')
    const detailHash = await $.hash()
    const cell = `[data-testid="endpoint-row"][data-format="${endpoint.api_format}"] [data-testid="strip-cell"]:nth-child(${index + 1})`
    await browser.$(cell).waitForDisplayed()
    await $.screenshot('20-incident-provider')
    await browser.$(cell).click()

    await $.el('events-view').waitForDisplayed()
    await $.waitUntil(async () => (await $.el('events-range').isExisting()), 'the bucket’s range is shown')
    const url = await $.hash()
    assert.match(url, new RegExp(`^#/provider/${provider.id}/events\\?`))
    assert.match(url, /lookback=24/)
    assert.match(url, new RegExp(`bucket=${index}(&|$)`))
    assert.match(url, new RegExp(`endpoint=${endpoint.endpoint_id}`))
    const range = await browser.execute(() => ({ ...document.querySelector('[data-testid="events-range"]').dataset }))
    assert.equal(Date.parse(range.from), Date.parse(target.bucket.start), 'the list covers the clicked bucket')
    assert.equal(Date.parse(range.to), Date.parse(target.bucket.end))
    const asOf = new URLSearchParams(url.split('?')[1]).get('asOf')
    assert.ok(asOf, 'the bucket is pinned to the as-of the strip was drawn at')
    target.asOf = asOf

    // Every event of the bucket (paged through) is the CLI's, newest first.
    // (Compared with `aether-review events` when this build's CLI has it.)
    const withCli = cliReadsEvents()
    const cliEvents = (...extra) => cliJson(...bucketArgs(target), ...extra)
    const rowIds = () => browser.execute(() => [...document.querySelectorAll('[data-testid="candidate-row"]')].map((r) => r.dataset.id))
    while (await $.el('events-more').isExisting()) {
      const before = (await rowIds()).length
      await $.click('events-more')
      await $.waitUntil(async () => (await rowIds()).length > before, 'load more adds events')
    }
    const listed = await rowIds()
    assert.equal(listed.length, target.bucket.total, 'as many events as the cell counts')
    assert.equal(new Set(listed).size, listed.length, 'each event once across pages')
    const created = await browser.execute(() => [...document.querySelectorAll('[data-testid="candidate-row"]')].map((r) => Date.parse(r.dataset.createdAt)))
    assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first')
    if (withCli) assert.deepEqual(listed, cliEvents().map((e) => e.id))

    // Failures only: every row is a provider error, exactly the CLI's.
    await $.showFailuresOnly()
    if (withCli) {
      const failures = cliEvents('--outcome', 'service_error')
      assert.deepEqual(await rowIds(), failures.slice(0, 100).map((e) => e.id), 'the failures listed are the CLI’s')
    }
    await $.screenshot('21-incident-failures')

    // One request's chain: every candidate, in order (as the CLI reads it).
    const requestId = await $.followFirstChain()
    const indexes = await browser.execute(() => [...document.querySelectorAll('[data-testid="candidate-index"]')].map((c) => c.textContent.trim().split(/\s+/).slice(0, 3).join(' ')))
    assert.ok(indexes.length > 0, 'the chain lists candidates')
    const order = indexes.map((x) => x.split(' / ').map(Number))
    assert.deepEqual(order, [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]), 'in candidate, retry order')
    if (withCli) {
      const chain = cliJson('request', '--db', demoPath, '--read-only', requestId)
      assert.deepEqual(await rowIds(), chain.candidates.map((c) => c.id))
      assert.equal(await $.el('chain-end').getAttribute('data-end'), chain.end.kind)
      assert.equal(await $.el('chain-incomplete').isExisting(), chain.gaps.length > 0, 'a gap is stated when the chain has one')
    }
    await $.screenshot('22-incident-chain')

    // Back: the failures, then the provider in the same window.
    await browser.back()
    await $.el('events-view').waitForDisplayed()
    assert.match(await $.hash(), /outcome=service_error/)
    assert.equal(await $.el('events-filter-outcome').getValue(), 'service_error')
    await browser.back()
    await $.el('provider-detail').waitForDisplayed()
    assert.equal(await $.hash(), detailHash)
    assert.equal(await $.el('control-lookback').getValue(), '24')

    // A reload keeps the screen and its window.
    await browser.execute(() => location.reload())
    await $.el('provider-detail').waitForDisplayed({ timeout: 30_000 })
    assert.equal(await $.hash(), detailHash)
    await $.waitUntil(async () => (await $.el('control-lookback').getValue()) === '24', 'the reloaded detail has the 24 h window')
  })

  scenario('an event list exports as CSV through the save dialog, and reads back as the CLI writes it', async () => {
    assert.ok(target, 'the drill-in scenario found a bucket')
    const { provider, endpoint, index } = target
    await browser.execute((p, e, i, at) => (location.hash = `#/provider/${p}/events?lookback=24&asOf=${encodeURIComponent(at)}&bucket=${i}&endpoint=${e}`), provider.id, endpoint.endpoint_id, index, target.asOf)
    await $.el('events-range').waitForDisplayed()
    const out = join(home.HOME, 'bucket-events.csv')
    const text = await $.exportCsv(out)
    if (cliReadsEvents()) assert.equal(text, cli(...bucketArgs(target), '--csv'), 'the export is what the CLI writes for the same bucket')
    const rows = parseCsv(text)
    const header = rows[0]
    assert.ok(header.includes('request_id') && header.includes('created_at'), `a header row: ${header.join(',')}`)
    assert.equal(rows.length - 1, target.bucket.total, 'one row per event of the bucket')
    // No cell starts with a formula character as written.
    for (const row of rows.slice(1)) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/)
  })

  scenario('1,000 providers: only the visible cards are in the DOM; scrolling prints its long tasks, script time and frame gaps', async () => {
    // The demo's providers copied to 1,000 (same endpoints and keys), in a new file.
    const big = join(home.HOME, 'thousand-providers.db')
    execFileSync('python3', [join(import.meta.dirname, '..', 'lib', 'thousand.py'), demoPath, big, '1000'])
    await $.openFile(big)
    await $.waitUntil(async () => (await $.el('provider-grid').getAttribute('data-total')) === '1000', 'the list holds 1,000 providers', 60_000)
    const inDom = await browser.execute(() => document.querySelectorAll('[data-testid="provider-card"]').length)
    assert.ok(inDom > 0 && inDom < 60, `only the cards near the viewport are rendered (${inDom})`)

    const measured = await measureScroll(browser)
    console.log(scrollReport('scrolling 1,000 providers', measured))
    assert.ok(measured.frames > 20 && measured.scrolled > 16_000, `the list was scrolled (${measured.scrolled} px)`)
    await $.screenshot('23-thousand-providers')
    // Back to the demo, so the copy (70 MB) can go.
    await $.openFile(demoPath)
    rmSync(big)
  })
})
