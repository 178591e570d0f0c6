// One app session: tauri-driver (which starts WebKitWebDriver, which starts the app) and a
// WebdriverIO client on it. Every session gets its own HOME and XDG directories, so the app
// sees a machine where nothing was ever configured.
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { remote } from 'webdriverio'

/** The identifier of tauri.conf.json: the app's data and config directories are named after it. */
export const APP_IDENTIFIER = 'io.github.aether-review.desktop'

export function requiredEnv(name) {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the suite through scripts/e2e`)
  return value
}

/** A fresh, empty home: HOME and the XDG directories inside it. */
export function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'aether-review-e2e-home-'))
  const dirs = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache') }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true })
  return dirs
}

/** Where the app keeps its demo snapshot under a given home. */
export const demoPathIn = (home) => join(home.XDG_DATA_HOME, APP_IDENTIFIER, 'demo-rust.db')

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitForDriver(port, driver, log) {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited (${driver.exitCode}):\n${log()}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`tauri-driver did not listen on ${port} within 30 s:\n${log()}`)
}

/**
 * Starts the app under `home` (see freshHome) with `args`, and returns
 * { browser, home, stop }. `stop()` ends the WebDriver session (which closes the app) and then
 * tauri-driver with SIGTERM: SIGKILL would leave WebKitWebDriver holding the output pipe.
 */
export async function startApp({ home, args = [] }) {
  const application = requiredEnv('AETHER_REVIEW_APP')
  const port = await freePort()
  const nativePort = await freePort()
  let output = ''
  // The app inherits this environment: an English desktop, and no database configured. (Under
  // the bare C locale WebKit reports navigator.language "C", which Intl rejects.)
  const env = { ...process.env, ...home, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' }
  delete env.LC_ALL
  delete env.AETHER_REVIEW_DB
  const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000)
  }
  driver.stdout.on('data', keep)
  driver.stderr.on('data', keep)
  const exited = new Promise((resolve) => driver.once('exit', resolve))
  const stopDriver = async () => {
    if (driver.exitCode === null && driver.signalCode === null) {
      driver.kill('SIGTERM')
      await Promise.race([exited, sleep(10_000)])
    }
  }
  try {
    await waitForDriver(port, driver, () => output)
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      connectionRetryTimeout: 120_000,
      waitforTimeout: 20_000,
      capabilities: {
        browserName: 'wry',
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application, args },
      },
    })
    return {
      browser,
      home,
      log: () => output,
      async stop() {
        try {
          await browser.deleteSession()
        } finally {
          await stopDriver()
        }
      },
    }
  } catch (err) {
    await stopDriver()
    err.message += `\n--- tauri-driver and app output ---\n${output}`
    throw err
  }
}

/** Waits until `path` exists (the app writes its demo snapshot in the background). */
export async function waitForFile(path, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`)
    await sleep(100)
  }
}
