// Answers the app's native save dialog (GTK's file chooser, outside the WebView, so WebDriver
// cannot reach it) the way an admin would: type the path into its name field and press Enter.
// Driven through xdotool on the suite's Xvfb display.
import { execFileSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

const xdotool = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 20_000 }).trim()

/** Waits for the visible window titled `title`, types `path` into it and presses Enter. */
export async function answerSaveDialog(title, path, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  let window = ''
  while (!window) {
    try {
      window = xdotool('search', '--onlyvisible', '--name', title).split('\n').at(-1)
    } catch {
      // not shown yet (xdotool exits 1 when nothing matches)
    }
    if (!window) {
      if (Date.now() > deadline) throw new Error(`no save dialog titled "${title}" within ${timeoutMs} ms`)
      await sleep(200)
    }
  }
  // The name field has the focus and the suggested name selected; a full path replaces it.
  await sleep(500)
  xdotool('windowfocus', '--sync', window)
  xdotool('key', '--clearmodifiers', 'ctrl+a')
  xdotool('type', '--delay', '15', path)
  await sleep(200)
  xdotool('key', 'Return')
}
