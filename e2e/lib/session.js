// One app session on its first-launch demo for a `describe` block: started before its tests,
// stopped after them, and its home (the demo, exports) removed; `scenario` is a test that leaves
// a screenshot when it fails.
import { after, before, test } from 'node:test'
import { rmSync } from 'node:fs'
import { demoPathIn, freshHome, startApp, waitForFile } from './app.js'
import { ui } from './ui.js'

/** Call inside `describe`; `name` prefixes the failure screenshots. Read `browser` and `$` inside tests. */
export function demoSession(name, home = freshHome()) {
  const session = { home, demoPath: demoPathIn(home), app: null, browser: null, $: null }
  before(async () => {
    session.app = await startApp({ home })
    session.browser = session.app.browser
    session.$ = ui(session.browser)
    await waitForFile(session.demoPath)
    await session.$.el('provider-grid').waitForDisplayed({ timeout: 60_000 })
  })
  after(async () => {
    if (session.app) await session.app.stop()
    rmSync(home.HOME, { recursive: true, force: true })
  })
  session.scenario = (title, fn) =>
    test(title, async () => {
      try {
        await fn()
      } catch (err) {
        await session.$?.screenshot(`FAILED-${name}-${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => {})
        throw err
      }
    })
  return session
}
