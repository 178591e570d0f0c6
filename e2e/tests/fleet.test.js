// Fleet health on the real app: from the fleet view to a failing bucket, its events filtered to
// failures, one request's chain, and back to the fleet view with the window kept; the fleet
// exported as CSV through the native save dialog and read back (header = core's FLEET_COLUMNS);
// then, on the large demo (1,000 providers, 3,000 endpoints, 2,000,000 requests over 72 h), scrolling
// the ranked list and the app's memory with the fleet view open, printed (figures, not asserted).
import { before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { demoPathIn, freshHome, requiredEnv } from '../lib/app.js'
import { demoSession } from '../lib/session.js'
import { cliJson } from '../lib/db.js'
import { appMemory } from '../lib/memory.js'
import { parseCsv } from '../lib/csv.js'
import { measureScroll, scrollReport } from '../lib/scroll.js'

const home = freshHome()
const demoPath = demoPathIn(home)
const cli = (...args) => execFileSync(requiredEnv('AETHER_REVIEW_CLI'), args, { encoding: 'utf8', maxBuffer: 256 << 20 })
/** How long the app is left alone before its memory is read: what it holds, not a burst's peak. */
const SETTLE_MS = 3000
const count = (text) => Number(text.replace(/[^\d]/g, ''))

/** Core's fleet CSV columns, in order, as core/src/export.rs declares them. */
function fleetColumns() {
  const source = readFileSync(join(import.meta.dirname, '..', '..', 'core', 'src', 'export.rs'), 'utf8')
  const block = /pub const FLEET_COLUMNS: &\[&str\] = &\[([^\]]*)\]/.exec(source)
  assert.ok(block, 'core/src/export.rs declares FLEET_COLUMNS')
  return [...block[1].matchAll(/"([^"]+)"/g)].map((m) => m[1])
}

describe('fleet health', () => {
  let browser
  let $

  const session = demoSession('fleet', home)
  const { scenario } = session
  before(() => {
    browser = session.browser
    $ = session.$
  })

  /** The ranked rows in the DOM: rank, provider, endpoint, provider errors. */
  const rows = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="fleet-row"]')].map((r) => ({
        rank: Number(r.dataset.rank),
        providerId: r.dataset.providerId,
        endpointId: r.dataset.endpointId,
        serviceErrors: r.querySelector('[data-testid="fleet-service-errors"]').textContent.trim(),
      })),
    )

  /** Whether every row in the DOM has its strip (they are asked for as rows come into view). */
  const stripsShown = () => browser.execute(() => document.querySelector('[data-testid="fleet-row"]') !== null && document.querySelector('[data-testid="fleet-strip-pending"]') === null)

  scenario('the worst endpoint’s failing bucket: its events, failures only, one request’s chain, back to the fleet with the window', async () => {
    await $.click('tab-fleet')
    await $.el('fleet-view').waitForDisplayed()
    await $.choose('control-lookback', '24')
    await $.waitUntil(async () => (await $.hash()).startsWith('#/fleet') && (await $.hash()).includes('lookback=24'), 'the fleet’s window is in the URL')
    await $.waitUntil(async () => !(await $.el('fleet-loading').isExisting()) && (await $.el('fleet-list').isExisting()), 'the fleet is shown', 60_000)
    await $.waitUntil(async () => (await $.el('fleet-window').getAttribute('class')).includes('stale') === false, 'the 24 h answer is shown')
    await $.waitUntil(stripsShown, 'the rows shown have their strips')
    const fleetHash = await $.hash()
    const shown = await rows()
    assert.ok(shown.length > 0, 'the fleet lists endpoints')
    assert.deepEqual(shown.map((r) => r.rank), shown.map((_, i) => i + 1), 'ranked 1, 2, 3… from the top')
    // The same ranking as the CLI's `fleet` over the same window.
    const cliFleet = cliJson('fleet', '--db', demoPath, '--read-only', '--lookback-hours', '24')
    assert.deepEqual(shown.map((r) => r.endpointId), cliFleet.endpoints.slice(0, shown.length).map((e) => e.endpoint_id), 'the rows are the CLI’s, in its order')
    assert.equal(Number(await $.el('fleet-list').getAttribute('data-total')), cliFleet.endpoints.length)
    const worst = shown[0]
    assert.ok(count(worst.serviceErrors) > 0, 'the demo’s worst endpoint had provider errors in 24 h')

    // The same endpoint's window read by the CLI's health command agrees with the fleet row.
    const health = cliJson('health', '--db', demoPath, '--read-only', '--provider', worst.providerId, '--lookback-hours', '24')
    const endpoint = health.endpoints.find((e) => e.endpoint_id === worst.endpointId)
    assert.ok(endpoint, 'the CLI reads the fleet’s worst endpoint')
    assert.equal(count(worst.serviceErrors), endpoint.window.outcomes.service_error, 'provider errors: the fleet’s row equals the health monitor’s window')
    // Its bucket with the most provider errors (not the last one, whose end is inclusive).
    let index = 0
    endpoint.timeline.slice(0, -1).forEach((b, i) => {
      if (b.outcomes.service_error > endpoint.timeline[index].outcomes.service_error) index = i
    })
    const bucket = endpoint.timeline[index]
    assert.ok(bucket.outcomes.service_error > 0, 'a bucket with provider errors')
    await $.screenshot('30-fleet')
    // Both themes: the same view in dark, then back to the system's.
    await $.choose('theme-switch', 'dark')
    await $.screenshot('30-fleet-dark')
    await $.choose('theme-switch', 'system')

    // The row's strip is one slider: Home, then the arrow key to that bucket, then Enter.
    const strip = `[data-testid="fleet-row"][data-endpoint-id="${worst.endpointId}"] [data-testid="health-strip"]`
    await browser.$(strip).scrollIntoView({ block: 'center' })
    await browser.execute((selector) => document.querySelector(selector).focus(), strip)
    for (const key of ['Home', ...Array(index).fill('ArrowRight')]) await browser.keys(key)
    assert.equal(await browser.$(strip).getAttribute('aria-valuenow'), String(index + 1), 'the arrow keys chose the bucket')
    assert.equal(await browser.$(strip).getAttribute('data-active-level'), 'bad', 'a bucket with provider errors is red')
    assert.match(await $.el('strip-tooltip').getText(), /\d/, 'the chosen bucket’s tooltip is shown')
    await browser.keys('Enter')
    await $.el('events-view').waitForDisplayed()
    await $.waitUntil(async () => await $.el('events-range').isExisting(), 'the bucket’s range is shown')
    const url = await $.hash()
    assert.match(url, new RegExp(`^#/provider/${worst.providerId}/events\\?`))
    assert.match(url, /lookback=24/)
    assert.match(url, new RegExp(`bucket=${index}(&|$)`))
    assert.match(url, new RegExp(`endpoint=${worst.endpointId}`))
    assert.ok(new URLSearchParams(url.split('?')[1]).get('asOf'), 'pinned to the as-of the fleet was drawn at')
    assert.equal(await $.el('events-back').getText(), '← Back to fleet health', 'back names where it returns')
    const range = await browser.execute(() => ({ ...document.querySelector('[data-testid="events-range"]').dataset }))
    assert.equal(Date.parse(range.from), Date.parse(bucket.start), 'the list covers the clicked bucket')
    assert.equal(Date.parse(range.to), Date.parse(bucket.end))

    await $.showFailuresOnly()
    const listed = await browser.execute(() => document.querySelectorAll('[data-testid="candidate-row"]').length)
    assert.equal(listed, Math.min(100, bucket.outcomes.service_error), 'as many as the bucket’s provider errors (first page)')
    await $.screenshot('31-fleet-bucket-failures')

    const requestId = await $.followFirstChain()
    const chain = cliJson('request', '--db', demoPath, '--read-only', requestId)
    const chainIds = await browser.execute(() => [...document.querySelectorAll('[data-testid="candidate-row"]')].map((r) => r.dataset.id))
    assert.deepEqual(chainIds, chain.candidates.map((c) => c.id), 'the chain is the CLI’s')
    await $.screenshot('32-fleet-chain')

    await browser.back()
    await $.el('events-view').waitForDisplayed()
    assert.match(await $.hash(), /outcome=service_error/)
    await browser.back()
    await $.el('fleet-view').waitForDisplayed()
    assert.equal(await $.hash(), fleetHash, 'back to the fleet view with its window')
    assert.equal(await $.el('control-lookback').getValue(), '24')
    await $.waitUntil(async () => (await $.el('fleet-list').isExisting()) && (await rows()).length > 0, 'the fleet is shown again')
    assert.deepEqual((await rows())[0], worst, 'the same worst endpoint on top')

    // A reload keeps the screen and its window.
    await browser.execute(() => location.reload())
    await $.el('fleet-view').waitForDisplayed({ timeout: 30_000 })
    assert.equal(await $.hash(), fleetHash)
    await $.waitUntil(async () => (await $.el('control-lookback').getValue()) === '24', 'the reloaded fleet has the 24 h window')
  })

  scenario('the fleet exports as CSV through the save dialog: core’s columns, one row per endpoint, ranked', async () => {
    await browser.execute(() => (location.hash = '#/fleet?lookback=24'))
    await $.waitUntil(async () => (await $.el('fleet-list').isExisting()) && (await rows()).length > 0, 'the fleet is shown', 60_000)
    const total = Number(await $.el('fleet-list').getAttribute('data-total'))
    const top = (await rows())[0]

    // A provider's name opens its detail in the same window; its Back returns to the fleet.
    const fleetHash = await $.hash()
    await browser.$(`[data-testid="fleet-row"][data-endpoint-id="${top.endpointId}"] [data-testid="fleet-provider"]`).click()
    await $.el('provider-detail').waitForDisplayed()
    assert.equal(await $.hash(), `#/provider/${top.providerId}?lookback=24`)
    assert.equal(await $.el('detail-back').getText(), '← Back to fleet health')
    await $.click('detail-back')
    await $.el('fleet-view').waitForDisplayed()
    assert.equal(await $.hash(), fleetHash)
    await $.waitUntil(async () => (await $.el('fleet-list').isExisting()) && (await rows()).length > 0, 'the fleet is shown again', 60_000)
    const out = join(home.HOME, 'fleet.csv')
    const text = await $.exportCsv(out)
    assert.equal(text, cli('fleet', '--db', demoPath, '--read-only', '--lookback-hours', '24', '--csv'), 'the export is what the CLI writes for the same window')
    const table = parseCsv(text)
    assert.deepEqual(table[0], fleetColumns(), 'the header is core’s FLEET_COLUMNS, in order')
    const body = table.slice(1).filter((r) => r.length > 1)
    assert.equal(body.length, total, 'one row per endpoint shown')
    const col = (name) => table[0].indexOf(name)
    assert.deepEqual(body.map((r) => Number(r[col('rank')])), body.map((_, i) => i + 1), 'worst first')
    assert.equal(body[0][col('endpoint_id')], top.endpointId)
    assert.equal(Number(body[0][col('service_error')]), count(top.serviceErrors))
    for (const row of body) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/)
  })

  scenario('the large demo: the fleet renders only the rows near the viewport of 3,000; scrolling and memory are printed', async () => {
    const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`
    const memoryLine = (m) => `${mb(m.totalKb)} PSS in total (${m.processes.map((p) => `${p.name} ${mb(p.pssKb)}, ${mb(p.anonKb)} of it heap`).join('; ')})`
    await browser.pause(SETTLE_MS)
    const demoMemory = appMemory(requiredEnv('AETHER_REVIEW_APP'))
    const big = join(home.HOME, 'large-fleet.db')
    cli('demo', '--out', big, '--scale', 'large', '--generation', 'rust')
    await $.openFile(big)
    await $.waitUntil(async () => (await $.el('provider-grid').getAttribute('data-total')) === '1000', 'the list holds 1,000 providers', 60_000)
    await browser.pause(SETTLE_MS)
    const listMemory = appMemory(requiredEnv('AETHER_REVIEW_APP'))
    const started = Date.now()
    await $.click('tab-fleet')
    await $.waitUntil(async () => (await $.el('fleet-list').isExisting()) && !(await $.el('fleet-loading').isExisting()), 'the large fleet is shown', 120_000)
    const opened = Date.now() - started
    const total = Number(await $.el('fleet-list').getAttribute('data-total'))
    const inDom = await browser.execute(() => document.querySelectorAll('[data-testid="fleet-row"]').length)
    assert.equal(total, 3000, 'the fleet lists every endpoint of the large demo')
    assert.ok(inDom > 0 && inDom < 120, `only the rows near the viewport are rendered (${inDom} of ${total})`)
    await $.waitUntil(stripsShown, 'the rows shown have their strips')

    // Memory with the fleet view of 1,000 providers open (this build; the release build is measured apart).
    await browser.pause(SETTLE_MS)
    const openedMemory = appMemory(requiredEnv('AETHER_REVIEW_APP'))
    assert.ok(openedMemory.processes.length >= 1, 'the app’s processes were found')

    const measured = await measureScroll(browser)
    console.log(scrollReport(`scrolling the fleet of ${total} endpoints (1,000 providers, shown ${opened} ms after the tab was clicked)`, measured))
    assert.ok(measured.frames > 20, `the list was scrolled (${measured.scrolled} px)`)
    await $.waitUntil(stripsShown, 'the rows scrolled to have their strips (asked for as they came into view)')
    await $.screenshot('33-fleet-thousand')

    await browser.execute(() => window.scrollTo(0, 0))
    await browser.pause(SETTLE_MS)
    const scrolledMemory = appMemory(requiredEnv('AETHER_REVIEW_APP'))
    console.log(`memory with the demo shown: ${memoryLine(demoMemory)}; with the providers list of 1,000 shown: ${memoryLine(listMemory)}; with the fleet view open: ${memoryLine(openedMemory)}; after scrolling it through: ${memoryLine(scrolledMemory)}`)

    await $.click('tab-providers')
    await $.openFile(demoPath)
    rmSync(big)
  })
})
