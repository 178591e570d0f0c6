// Finding and driving the UI by its stable data-testids, the way an admin would: clicks, keys,
// choosing options. Reads that need many elements at once go through one script call.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Key } from 'webdriverio'
import { answerSaveDialog } from './saveDialog.js'

export const byId = (id, extra = '') => `[data-testid="${id}"]${extra}`

/** Screenshots go here; scripts/e2e names the directory in its output. */
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOTS ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots')

export function ui(browser) {
  const el = (id, extra) => browser.$(byId(id, extra))

  async function waitUntil(condition, message, timeout = 20_000) {
    await browser.waitUntil(condition, { timeout, interval: 100, timeoutMsg: message })
  }

  /** The URL hash, decoded (the route with its window and filters). */
  const hash = () => browser.execute(() => decodeURIComponent(location.hash))

  return {
    el,
    all: (id, extra) => browser.$$(byId(id, extra)),
    waitUntil,
    hash,

    /** In a bucket's event list: the "failures" filter, in the URL and in every row listed. */
    async showFailuresOnly() {
      await el('events-failures').click()
      await waitUntil(async () => (await hash()).includes('outcome=service_error'), 'the filter is in the URL')
      const outcomes = () => browser.execute(() => [...new Set([...document.querySelectorAll('[data-testid="candidate-row"]')].map((r) => r.dataset.outcome))])
      await waitUntil(async () => JSON.stringify(await outcomes()) === '["service_error"]', 'only provider errors are listed')
    },

    /** Saves the list shown as CSV to `out` through the save dialog; returns the file's text. */
    async exportCsv(out) {
      await el('list-export-csv').click()
      await answerSaveDialog('Export as CSV', out)
      await el('list-export-done').waitForDisplayed()
      const saved = await el('list-export-done').getAttribute('data-path')
      if (saved !== out) throw new Error(`the export went to ${saved}, not ${out}`)
      if (!existsSync(out)) throw new Error(`${out} was not written`)
      return readFileSync(out, 'utf8')
    },

    /** From the first event listed, its request's chain; returns the request id. */
    async followFirstChain() {
      const requestId = await el('candidate-row').getAttribute('data-request-id')
      await browser.$(`[data-testid="candidate-row"][data-request-id="${requestId}"] [data-testid="candidate-follow"]`).click()
      await el('chain-view').waitForDisplayed()
      await el('chain-end').waitForDisplayed()
      if ((await el('chain-view').getAttribute('data-request-id')) !== requestId) throw new Error(`the chain shown is not ${requestId}'s`)
      return requestId
    },

    /**
     * The provider ids of the cards in the list, in their order on screen. The list is virtual
     * (only rows near the viewport are in the DOM): this scrolls through it, collecting each
     * card by its place, and scrolls back.
     */
    cardIds: () =>
      browser.executeAsync((done) => {
        const grid = document.querySelector('[data-testid="provider-grid"]')
        if (!grid) return done([])
        const total = Number(grid.dataset.total)
        const ids = []
        const collect = () => {
          for (const card of grid.querySelectorAll('[data-testid="provider-card"]')) ids[Number(card.dataset.cardIndex)] = card.dataset.providerId
        }
        const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        const start = window.scrollY
        void (async () => {
          window.scrollTo(0, 0)
          await frames()
          collect()
          while (ids.filter(Boolean).length < total && window.scrollY + window.innerHeight < document.documentElement.scrollHeight) {
            window.scrollBy(0, window.innerHeight * 0.7)
            await frames()
            collect()
          }
          window.scrollTo(0, start)
          await frames()
          done(ids.filter(Boolean))
        })()
      }),

    /** The text of `testid` inside the list's card of `providerId`. */
    cardText: (providerId, testid) =>
      browser.execute(
        (pid, tid) => document.querySelector(`[data-testid="provider-grid"] [data-provider-id="${pid}"] [data-testid="${tid}"]`)?.textContent.trim() ?? null,
        providerId,
        testid,
      ),

    async click(id, extra) {
      const target = el(id, extra)
      await target.waitForClickable()
      await target.click()
    },

    /** Picks the option with `value` in the select `id`, as a user does. */
    async choose(id, value) {
      const select = el(id)
      await select.waitForDisplayed()
      await select.selectByAttribute('value', value)
      await waitUntil(async () => (await select.getValue()) === value, `${id} did not take the value ${value}`)
    },

    /** Replaces the text of input `id` by typing: select all, delete, type. */
    async type(id, text) {
      const input = el(id)
      await input.waitForDisplayed()
      await input.click()
      await browser.keys([Key.Ctrl, 'a'])
      await browser.keys(Key.Backspace)
      if (text !== '') await input.addValue(text)
      await waitUntil(async () => (await input.getValue()) === text, `${id} shows "${await input.getValue()}", not "${text}"`)
    },

    /** Opens the database file at `path` through the header's Open dialog, as an admin does. */
    async openFile(path) {
      await this.click('header-open')
      await el('open-dialog').waitForDisplayed()
      await this.type('open-path', path)
      await this.click('open-file')
      await el('open-dialog').waitForDisplayed({ reverse: true, timeout: 60_000 })
    },

    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true })
      // WebKit's snapshot can lag the DOM by a paint (a theme switch showed the old colours).
      await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))
      await browser.pause(200)
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      await browser.saveScreenshot(path)
      return path
    },
  }
}
