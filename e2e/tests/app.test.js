// The real app, driven through WebDriver: one session from a first launch with nothing
// configured, through browsing, editing, opening other files, to language and theme; then the
// database file is checked after the app has closed.
import { after, afterEach, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoPathIn, freshHome, startApp, waitForFile } from '../lib/app.js'
import { cliJson, fileFingerprint, sqlRows } from '../lib/db.js'
import { liveAether, testServer } from '../lib/pg.js'
import { SCREENSHOT_DIR, byId, ui } from '../lib/ui.js'

const percent = (ratio) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(ratio)
/** Floats to 12 significant digits: SQLite and PostgreSQL add up averages in different orders. */
const figures = (value) => JSON.parse(JSON.stringify(value, (_, x) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x)))
const changeLog = (db, providerId) =>
  sqlRows(db, 'SELECT field, old_value, new_value, save_id FROM aether_review_change_log WHERE provider_id = ? ORDER BY id', [providerId])

const home = freshHome()
const demoPath = demoPathIn(home)
/** What the CLI reports for the demo file, read once the app has created it. */
let summary = []
/** The provider the edit scenarios change, and what they set. */
let edited = null
// The demo is a Rust gateway database: `name` is what the admin sees, retries live on the provider.
const EDIT = { name: 'E2E Primary Gateway', max_retries: 7, monthly_quota_usd: 250 }

console.log(`screenshots: ${SCREENSHOT_DIR}`)

describe('one app session from a first launch', () => {
  let app
  let browser
  let $

  /** A scenario that leaves a FAILED-… screenshot of the moment it failed. */
  const scenario = (name, fn) =>
    test(name, async () => {
      try {
        await fn()
      } catch (err) {
        await $?.screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {})
        throw err
      }
    })

  before(async () => {
    app = await startApp({ home })
    browser = app.browser
    $ = ui(browser)
  })

  after(async () => {
    if (app) await app.stop()
  })

  // A failed scenario must not leave a dialog or the detail view in the next one's way.
  afterEach(async () => {
    if (!browser) return
    await browser.keys('Escape')
    if (await $.el('discard-confirm').isExisting()) await $.el('discard-yes').click()
    if (await $.el('open-close').isExisting()) await $.el('open-close').click()
    if (await $.el('detail-back').isExisting()) await $.el('detail-back').click()
  })

  scenario('first launch with nothing configured opens the demo, with the numbers the CLI reports', async () => {
    await waitForFile(demoPath)
    await $.el('provider-grid').waitForDisplayed({ timeout: 60_000 })
    summary = cliJson('summary', '--db', demoPath, '--read-only')
    assert.ok(summary.length >= 5, `the demo has providers (CLI: ${summary.length})`)
    await $.waitUntil(async () => (await $.cardIds()).length === summary.length, 'card count differs from the CLI')
    assert.deepEqual(await $.cardIds(), [...summary].sort((a, b) => (a.provider_priority ?? 2 ** 53) - (b.provider_priority ?? 2 ** 53)).map((p) => p.id))
    assert.match(await $.el('header-db-name').getText(), /demo/i)
    assert.match(await $.el('header-generation').getText(), /Rust gateway/)

    const shown = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="provider-grid"] [data-testid="provider-card"]')].map((card) => {
        const text = (id) => card.querySelector(`[data-testid="${id}"]`)?.textContent.trim()
        return { id: card.dataset.providerId, name: text('card-display-name'), endpoints: text('card-endpoints'), keys: text('card-keys'), models: text('card-models'), health: text('card-health') }
      }),
    )
    for (const p of summary) {
      const card = shown.find((c) => c.id === p.id)
      assert.deepEqual(card, {
        id: p.id,
        name: p.display_name || p.name,
        endpoints: `${p.active_endpoints} / ${p.total_endpoints}`,
        keys: `${p.active_keys} / ${p.total_keys}`,
        models: `${p.active_models} / ${p.total_models}`,
        // Without endpoints there is nothing to judge: no green 100 %.
        health: p.verdict === 'no_endpoints' ? '—' : percent(p.avg_health_score),
      })
    }
    await $.screenshot('01-providers')
  })

  scenario('search and a filter narrow the cards; sorting by health reorders them', async () => {
    // A word of one provider's name that not every provider has.
    const word = summary.map((p) => p.name.split(/[^A-Za-z]+/).find((w) => w.length >= 4)).find(Boolean).toLowerCase()
    const hit = (p) => [p.name, p.display_name, p.website].some((s) => s?.toLowerCase().includes(word))
    const expected = summary.filter(hit).map((p) => p.id)
    assert.ok(expected.length > 0 && expected.length < summary.length, `"${word}" narrows the list`)
    await $.type('provider-search', word)
    await $.waitUntil(async () => (await $.cardIds()).length === expected.length, `search "${word}" did not narrow to ${expected.length}`)
    assert.deepEqual(new Set(await $.cardIds()), new Set(expected))
    await $.screenshot('02-search')
    await $.type('provider-search', '')

    const inactive = summary.filter((p) => !p.is_active).map((p) => p.id)
    const billing = summary.find((p) => p.billing_type)?.billing_type
    const byBilling = summary.filter((p) => p.billing_type === billing).map((p) => p.id)
    assert.ok(byBilling.length < summary.length, `billing ${billing} narrows the list`)
    await $.choose('filter-billing', billing)
    await $.waitUntil(async () => (await $.cardIds()).length === byBilling.length, `billing filter did not narrow to ${byBilling.length}`)
    assert.deepEqual(new Set(await $.cardIds()), new Set(byBilling))
    await $.choose('filter-billing', 'all')
    if (inactive.length > 0) {
      await $.choose('filter-status', 'inactive')
      await $.waitUntil(async () => (await $.cardIds()).length === inactive.length, 'status filter did not narrow')
      assert.deepEqual(new Set(await $.cardIds()), new Set(inactive))
      await $.choose('filter-status', 'all')
    }
    await $.waitUntil(async () => (await $.cardIds()).length === summary.length, 'clearing the filters did not bring every card back')

    const before = await $.cardIds()
    await $.choose('sort', 'health')
    await $.waitUntil(async () => JSON.stringify(await $.cardIds()) !== JSON.stringify(before), 'sorting by health changed nothing')
    const health = Object.fromEntries(summary.map((p) => [p.id, p.avg_health_score]))
    const scores = (await $.cardIds()).map((id) => health[id])
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'cards go from least to most healthy')
    await $.screenshot('02-sorted-by-health')
    await $.choose('sort', 'priority')
    await $.waitUntil(async () => JSON.stringify(await $.cardIds()) === JSON.stringify(before), 'priority order did not come back')
    // The README's picture of the providers page: the whole list, in its default order.
    await browser.execute(() => document.activeElement?.blur())
    await $.screenshot('providers')
  })

  scenario('a provider shows one timeline strip per endpoint, a latency chart and the error breakdown; the lookback updates them', async () => {
    // The busiest provider with more than one endpoint makes the fullest picture.
    const candidates = summary.filter((p) => p.total_endpoints > 1)
    const provider = candidates.sort((a, b) => b.total_endpoints - a.total_endpoints)[0] ?? summary[0]
    await $.click('provider-card', `[data-provider-id="${provider.id}"]`)
    await $.el('provider-detail').waitForDisplayed()
    const cli6 = cliJson('health', '--db', demoPath, '--read-only', '--provider', provider.id, '--lookback-hours', '6')

    const rows = async () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="endpoint-row"]')].map((row) => ({
          format: row.dataset.format,
          cells: row.querySelectorAll('[data-testid="health-strip"] [data-testid="strip-cell"]').length,
          rate: row.querySelector('[data-testid="endpoint-success-rate"]')?.textContent.trim(),
          levels: [...row.querySelectorAll('[data-testid="strip-cell"]')].map((c) => c.dataset.level).join(','),
        })),
      )
    await $.waitUntil(async () => (await rows()).length === cli6.endpoints.length, 'one strip per endpoint')
    const at6 = await rows()
    assert.deepEqual(
      at6.map((r) => [r.format, r.cells, r.rate]),
      cli6.endpoints.map((e) => [e.api_format, 60, percent(e.window.success_rate)]),
    )
    await $.el('latency-chart').waitForDisplayed()
    const chart = await browser.execute(() => !!document.querySelector('[data-testid="latency-chart"] canvas'))
    assert.ok(chart, 'the latency chart draws a canvas')
    await $.el('error-breakdown').waitForDisplayed()
    const codes = await browser.execute(() => [...document.querySelectorAll('[data-testid="error-code"] .mono')].map((e) => Number(e.textContent)))
    assert.deepEqual(codes, cli6.window.status_codes.filter((c) => c.status_code >= 300).map((c) => c.status_code))
    await $.el('health-strip').scrollIntoView()
    await $.screenshot('health')

    await $.choose('control-lookback', '24')
    const cli24 = cliJson('health', '--db', demoPath, '--read-only', '--provider', provider.id, '--lookback-hours', '24')
    const want24 = cli24.endpoints.map((e) => [e.api_format, 60, percent(e.window.success_rate)])
    await $.waitUntil(async () => JSON.stringify((await rows()).map((r) => [r.format, r.cells, r.rate])) === JSON.stringify(want24), 'the 24 h window did not show the CLI numbers')
    assert.notDeepEqual((await rows()).map((r) => r.levels), at6.map((r) => r.levels), 'a longer lookback redraws the strips')
    await $.screenshot('03-health-24h')
    await $.click('detail-back')
    await $.el('provider-grid').waitForDisplayed()
  })

  scenario('the health page states its colours with core’s thresholds, a time axis in the chosen zone, and keyboard-reachable cells', async () => {
    const provider = summary.filter((p) => p.total_endpoints > 0).sort((a, b) => b.total_endpoints - a.total_endpoints)[0]
    await $.click('provider-card', `[data-provider-id="${provider.id}"]`)
    await $.el('health-legend').waitForDisplayed()
    // Pairs, not an object: WebDriver does not keep an object's key order.
    const entries = await browser.execute(() => [...document.querySelectorAll('[data-testid="legend-entry"]')].map((e) => [e.dataset.level, e.textContent.trim()]))
    assert.deepEqual(entries.map(([level]) => level), ['good', 'warn', 'bad', 'neutral', 'empty'])
    const legend = Object.fromEntries(entries)
    // core's thresholds (core/src/verdict.rs), as the legend must state them
    assert.match(legend.good, /≥ 95%/)
    assert.match(legend.warn, /80% – 95%/)
    assert.match(legend.bad, /< 80%/)
    assert.equal(legend.empty, 'no traffic')

    // The axis in UTC: start, middle and end of the CLI's window.
    await $.choose('zone-switch', 'utc')
    const cli = cliJson('health', '--db', demoPath, '--read-only', '--provider', provider.id, '--lookback-hours', '6')
    const hhmm = (ms) => new Date(ms).toISOString().slice(11, 16)
    const [since, until] = [Date.parse(cli.since), Date.parse(cli.generated_at)]
    const axis = async () => browser.execute(() => ['start', 'middle', 'end', 'zone'].map((k) => document.querySelector(`[data-testid="axis-${k}"]`)?.textContent.trim()))
    await $.waitUntil(async () => (await axis())[3] === 'Times in UTC', 'the axis says UTC')
    const [start, middle, end] = await axis()
    assert.ok(start.includes(hhmm(since)), `axis start ${start} is ${hhmm(since)} UTC`)
    assert.ok(middle.includes(hhmm((since + until) / 2)), `axis middle ${middle}`)
    assert.ok(end.includes(hhmm(until)), `axis end ${end} is ${hhmm(until)} UTC`)
    assert.match(await $.el('header-asof').getText(), /UTC/)

    // Every event listed is inside the window by the time the window uses.
    const created = await browser.execute(() => [...document.querySelectorAll('[data-testid="event-row"]')].map((r) => r.dataset.createdAt))
    assert.ok(created.length > 0, 'events are listed')
    for (const c of created) assert.ok(Date.parse(c) >= since && Date.parse(c) <= until, `event created ${c} is inside the window`)

    // Tab stop on the newest cell; the arrow key moves to the one before and opens its tooltip.
    await browser.execute(() => document.querySelector('[data-testid="strip-cell"][tabindex="0"]').focus())
    await browser.keys('ArrowLeft')
    const focused = await browser.execute(() => {
      const cell = document.activeElement
      const cells = [...cell.parentElement.querySelectorAll('[data-testid="strip-cell"]')]
      return { index: cells.indexOf(cell), count: cells.length, tabindex: cell.getAttribute('tabindex') }
    })
    assert.deepEqual(focused, { index: 58, count: 60, tabindex: '0' })
    await $.el('strip-tooltip').waitForDisplayed()
    assert.match(await $.el('strip-tooltip').getText(), /success rate|No events|no finished attempts/)
    await $.el('health-legend').scrollIntoView()
    await $.screenshot('11-health-legend-utc')

    await $.choose('zone-switch', 'local')
    await $.click('detail-back')
    await $.el('provider-grid').waitForDisplayed()
  })

  scenario('closing the edit dialog with unsaved changes asks first', async () => {
    const provider = summary[0]
    const cardEdit = byId('provider-card', `[data-provider-id="${provider.id}"] ${byId('card-edit')}`)
    // Unchanged: closes at once.
    await browser.$(cardEdit).click()
    await $.el('edit-dialog').waitForDisplayed()
    await $.click('edit-cancel')
    await $.el('edit-dialog').waitForDisplayed({ reverse: true })

    await browser.$(cardEdit).click()
    await $.type('field-name', 'Not kept')
    await $.click('edit-cancel')
    await $.el('discard-confirm').waitForDisplayed()
    await $.screenshot('06-discard-confirm')
    await $.click('discard-no')
    assert.equal(await $.el('field-name').getValue(), 'Not kept', 'keep editing keeps the text')
    await browser.keys('Escape')
    await $.el('discard-confirm').waitForDisplayed()
    await $.click('discard-yes')
    await $.el('edit-dialog').waitForDisplayed({ reverse: true })
    assert.equal(await $.cardText(provider.id, 'card-display-name'), provider.display_name || provider.name)
  })

  scenario('invalid input shows field errors and writes nothing', async () => {
    const provider = summary.find((p) => p.billing_type !== 'monthly_quota') ?? summary[0]
    const fingerprint = fileFingerprint(demoPath)
    const logBefore = changeLog(demoPath, provider.id).length
    await $.click('provider-card', `[data-provider-id="${provider.id}"] ${byId('card-edit')}`)
    await $.el('edit-dialog').waitForDisplayed()
    // Each bound is the Rust gateway's, as core sends it: retries 0–999, a quota period of 1–365 days.
    await $.type('field-name', '')
    await $.type('field-max_retries', '-1')
    await $.choose('field-billing_type', 'monthly_quota')
    await $.type('field-quota_reset_day', '400')
    for (const field of ['name', 'max_retries', 'quota_reset_day']) {
      await $.el(`error-${field}`).waitForDisplayed()
      assert.ok((await $.el(`error-${field}`).getText()).length > 0, `${field} says what is wrong`)
    }
    assert.equal(await $.el('edit-save').isEnabled(), false, 'save is off while the form is invalid')
    await $.screenshot('05-invalid-input')
    // Ctrl+S is the dialog's save shortcut: it must not save either. A save would close the
    // dialog; the save button staying disabled and the dialog open is what is observed.
    await browser.keys(['Control', 's'])
    await $.el('edit-dialog').waitForDisplayed()
    assert.equal(await $.el('edit-save').isEnabled(), false, 'still nothing to save')
    assert.equal(fileFingerprint(demoPath), fingerprint, 'the database file is unchanged')
    assert.equal(changeLog(demoPath, provider.id).length, logBefore, 'no change log entry')
    assert.deepEqual(cliJson('summary', '--db', demoPath, '--read-only', '--provider', provider.id), provider)
    await $.click('edit-cancel')
    await $.click('discard-yes')
    await $.el('edit-dialog').waitForDisplayed({ reverse: true })
  })

  scenario('the edit dialog saves name, retries and monthly quota billing; the card shows them', async () => {
    const provider = summary.find((p) => p.billing_type !== 'monthly_quota' && p.max_retries !== EDIT.max_retries) ?? summary[0]
    edited = provider
    await $.click('provider-card', `[data-provider-id="${provider.id}"] ${byId('card-edit')}`)
    await $.el('edit-dialog').waitForDisplayed()
    await $.type('field-name', EDIT.name)
    await $.type('field-max_retries', String(EDIT.max_retries))
    await $.choose('field-billing_type', 'monthly_quota')
    await $.type('field-monthly_quota_usd', String(EDIT.monthly_quota_usd))
    await $.screenshot('04-edit-dialog')
    // Before saving, the dialog marks each changed field and lists every change, before → after.
    const changedFields = await browser.execute(() => [...document.querySelectorAll('[data-testid="edit-dialog"] .field[data-changed="true"] input, [data-testid="edit-dialog"] .field[data-changed="true"] select')].map((e) => e.dataset.testid))
    assert.deepEqual(new Set(changedFields), new Set(['field-name', 'field-max_retries', 'field-billing_type', 'field-monthly_quota_usd']))
    const review = await browser.execute(() => [...document.querySelectorAll('[data-testid="edit-review"] li')].map((li) => li.textContent.replace(/\s*→\s*/g, ' → ').replace(/\s+/g, ' ').trim()))
    assert.ok(review.includes(`Name: ${provider.name} → ${EDIT.name}`), `the review lists the name: ${review}`)
    assert.ok(review.includes('Monthly quota (USD): — → $250.00'), `the review lists the quota: ${review}`)
    assert.equal(review.length, 4)
    // The README's picture of the dialog: the changed quota fields and the list of changes, with
    // no field focused (a blur must not move the layout: the fieldsets' borders are drawn whole).
    const box = async () => browser.execute(() => JSON.stringify([...document.querySelectorAll('[data-testid="edit-dialog"], [data-testid="edit-dialog"] fieldset')].map((e) => e.getBoundingClientRect().height)))
    const focusedLayout = await box()
    await browser.execute(() => document.activeElement?.blur())
    assert.equal(await box(), focusedLayout, 'the dialog and its groups keep their size when the field loses focus')
    await browser.execute(() => {
      const dialog = document.querySelector('[data-testid="edit-dialog"]')
      dialog.scrollTop = dialog.scrollHeight
    })
    await $.screenshot('edit-dialog')
    await $.click('edit-save')
    await $.el('edit-dialog').waitForDisplayed({ reverse: true })
    await $.waitUntil(async () => (await $.cardText(provider.id, 'card-display-name')) === EDIT.name, 'the card shows the new name')
    assert.match(await $.cardText(provider.id, 'card-retries'), new RegExp(`\\b${EDIT.max_retries}\\b`))
    assert.equal(await $.cardText(provider.id, 'card-billing'), 'Monthly quota')
    const quota = await $.cardText(provider.id, 'quota')
    assert.match(quota ?? '', /\/ \$250(\.00)? used/, `the card shows the $250 quota (${quota})`)
    // The save is confirmed visibly: the app's notice and the card both say so.
    await $.el('save-notice').waitForDisplayed()
    assert.match(await $.el('save-notice').getText(), /^Saved E2E Primary Gateway: 4 changes\.$/)
    assert.equal(await $.cardText(provider.id, 'card-saved'), 'Saved')
    await $.screenshot('04-edited-card')
    // The change log shows the save as one entry, its four fields as a person reads them.
    await $.click('provider-card', `[data-provider-id="${provider.id}"]`)
    await $.el('provider-detail').waitForDisplayed()
    await $.el('change-save').waitForDisplayed()
    const entries = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="change-save"]')].map((s) => ({
        fields: s.dataset.fields,
        rows: [...s.querySelectorAll('[data-testid="change-row"]')].map((r) => [r.dataset.field, r.querySelector('[data-testid="change-new"]').textContent.trim()]),
      })),
    )
    assert.equal(entries.length, 1, 'one entry for the one save')
    assert.equal(entries[0].fields, '4')
    const shown = Object.fromEntries(entries[0].rows)
    assert.equal(shown.name, EDIT.name)
    assert.equal(shown.billing_type, 'Monthly quota')
    assert.equal(shown.monthly_quota_usd, '$250.00')
    assert.equal(shown.max_retries, String(EDIT.max_retries))
    await $.screenshot('04-change-log')
    await $.click('detail-back')
  })

  scenario('a file that is not an Aether snapshot shows a clear error and the app stays usable', async () => {
    const notes = join(home.HOME, 'notes.txt')
    writeFileSync(notes, 'shopping list: not a database\n')
    // A real SQLite database of some other application.
    const foreign = join(home.HOME, 'other-app.db')
    execFileSync('python3', ['-c', 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"); c.commit()', foreign])

    for (const [path, kind] of [[foreign, 'SchemaMismatch'], [notes, null]]) {
      await $.click('header-open')
      await $.el('open-dialog').waitForDisplayed()
      await $.type('open-path', path)
      await $.click('open-file')
      const error = $.el('error-message')
      await error.waitForDisplayed()
      const shownKind = await error.getAttribute('data-kind')
      if (kind) assert.equal(shownKind, kind)
      const text = await error.getText()
      assert.ok(text.length > 20, `the error explains itself: ${text}`)
      // It says plainly which database is still shown: the demo, by its full path, writable.
      assert.equal(await $.el('still-shown').getText(), `Still showing ${demoPath} (writable).`)
      if (!kind) assert.equal(await error.getAttribute('data-cause'), 'not_a_database')
      assert.doesNotMatch(await $.el('error-message', ' .error-text').getText(), /server/i, 'a local file needs no server advice')
      await $.screenshot(`08-not-a-snapshot-${kind ?? 'text-file'}`)
      await $.click('open-close')
      await $.el('open-dialog').waitForDisplayed({ reverse: true })
      // Still on the demo, still usable.
      assert.match(await $.el('header-db-name').getText(), /demo/i)
      await $.waitUntil(async () => (await $.cardIds()).length === summary.length, 'the demo cards are still listed')
    }
    await $.click('provider-card', `[data-provider-id="${summary[0].id}"]`)
    await $.el('provider-detail').waitForDisplayed()
    await $.click('detail-back')
  })

  scenario('the demo opened read-only offers no edit, says why, and reopens writable', async () => {
    await $.click('header-open')
    await $.el('open-dialog').waitForDisplayed()
    await $.click('open-demo-readonly')
    await $.click('open-demo')
    await $.el('open-dialog').waitForDisplayed({ reverse: true })
    await $.el('header-readonly').waitForDisplayed()
    await $.waitUntil(async () => (await $.cardIds()).length === summary.length, 'the demo cards are listed')
    // No Edit anywhere: the card says read-only, the banner says why.
    const edits = await browser.execute(() => document.querySelectorAll('[data-testid="card-edit"]').length)
    assert.equal(edits, 0, 'no Edit button in a read-only session')
    assert.equal(await $.cardText(edited.id, 'card-readonly'), 'Read-only')
    assert.equal(await $.el('readonly-banner', ' span').getText(), 'Read-only: opened read-only as requested. Nothing can be edited in this session.')
    await $.screenshot('07-read-only')
    // Asked for, so the file allows writing: reopening writable brings the Edit buttons back.
    await $.click('reopen-writable')
    await $.el('header-readonly').waitForDisplayed({ reverse: true })
    await $.waitUntil(async () => (await browser.execute(() => document.querySelectorAll('[data-testid="card-edit"]').length)) === summary.length, 'Edit is back')
  })

  scenario('a snapshot taken from PostgreSQL opens with the live figures and shows where it came from', async () => {
    const server = testServer()
    if (!server) return
    const live = liveAether(server, 'aether_e2e_snapshot', 5000)
    try {
      const out = join(home.HOME, 'gateway-snapshot.db')
      await $.click('header-open')
      await $.el('open-dialog').waitForDisplayed()
      await $.type('snapshot-url', live.url)
      await $.choose('snapshot-since', 'all')
      await $.type('snapshot-out', out)
      await $.screenshot('10-take-snapshot')
      await $.click('snapshot-take')
      await $.el('open-dialog').waitForDisplayed({ reverse: true, timeout: 60_000 })

      const source = live.url.replace(/^postgres:\/\/[^@]*@/, '')
      await $.waitUntil(async () => (await $.el('header-snapshot-source').getText()) === source, 'the header names the snapshot source')
      assert.equal(await $.el('header-db-name').getText(), 'gateway-snapshot.db')
      await $.click('header-snapshot', ' summary')
      await $.el('header-snapshot-window').waitForDisplayed()
      assert.equal(await $.el('header-snapshot-window').getText(), 'all')
      assert.equal(await $.el('header-snapshot-schema').getText(), 'b7c9e1f0a2d4')
      const rows = await browser.execute(() =>
        Object.fromEntries([...document.querySelectorAll('[data-testid="header-snapshot-rows"]')].map((r) => [r.dataset.table, r.lastElementChild.textContent.trim()])),
      )
      assert.equal(rows.request_candidates, '5,000')
      assert.equal(rows.providers, '1,000')
      await $.screenshot('10-snapshot-opened')
      await $.click('header-snapshot', ' summary')

      // Every figure equals the live database's, and no planted secret reached the file.
      const opened = cliJson('summary', '--db', out, '--read-only')
      assert.deepEqual(figures(opened), figures(cliJson('summary', '--db', live.url, '--read-only')))
      await $.waitUntil(async () => (await $.cardIds()).includes(opened[0].id), 'the first provider of the snapshot is listed')
      assert.ok(!readFileSync(out).includes('PLANTED'), 'the snapshot holds no planted secret')
    } finally {
      live.drop()
    }
  })

  scenario('switching the language to Chinese and the theme to dark', async () => {
    const light = await browser.execute(() => getComputedStyle(document.body).backgroundColor)
    await $.choose('language-switch', 'zh')
    await $.waitUntil(async () => (await $.el('header-open').getText()) === '打开数据库…', 'the header speaks Chinese')
    assert.equal(await browser.execute(() => document.documentElement.lang), 'zh-CN')
    await $.choose('theme-switch', 'dark')
    await $.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === 'dark', 'dark theme applied')
    const dark = await browser.execute(() => getComputedStyle(document.body).backgroundColor)
    const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0)
    assert.ok(luminance(dark) < luminance(light), `the background darkens (${light} → ${dark})`)
    await $.screenshot('09-chinese-dark')
  })
})

test('after the app closes, the database file holds the edit and the change log has its entries', () => {
  assert.ok(edited, 'the edit scenario ran')
  const now = cliJson('summary', '--db', demoPath, '--read-only', '--provider', edited.id)
  assert.equal(now.name, EDIT.name)
  assert.equal(now.max_retries, EDIT.max_retries)
  assert.equal(now.billing_type, 'monthly_quota')
  assert.equal(now.monthly_quota_usd, EDIT.monthly_quota_usd)
  const log = changeLog(demoPath, edited.id)
  const byField = Object.fromEntries(log.map((r) => [r.field, r]))
  for (const field of ['name', 'max_retries', 'billing_type', 'monthly_quota_usd']) assert.ok(byField[field], `a change log entry for ${field}`)
  assert.match(byField.name.new_value, /E2E Primary Gateway/)
  assert.match(byField.max_retries.new_value, /^7$/)
  // One save: every entry carries the same save id.
  assert.equal(new Set(log.map((r) => r.save_id)).size, 1)
  assert.match(byField.billing_type.new_value, /monthly_quota/)
  assert.match(byField.monthly_quota_usd.new_value, /250/)
})
