// Scrolling a long virtual list in the WebView, measured: WebKitGTK's PerformanceObserver may not
// know "longtask" entries, so the gaps between animation frames while scrolling stand in for them
// (a task over 50 ms delays a frame), beside the script + layout time of each step and the
// WebView's own frame pace with nothing to do. Figures to print, not to assert.

/** Scrolls the page from the top to the bottom in steps of 800 px and returns the figures. */
export async function measureScroll(browser) {
  await browser.setTimeout({ script: 120_000 })
  return browser.executeAsync((done) => {
    const types = PerformanceObserver.supportedEntryTypes ?? []
    const longTasks = []
    let observer = null
    if (types.includes('longtask')) {
      observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)))
      observer.observe({ type: 'longtask', buffered: false })
    }
    const frame = () => new Promise((r) => requestAnimationFrame(r))
    void (async () => {
      window.scrollTo(0, 0)
      await frame()
      // The WebView's own frame pace with nothing to do, to read the scrolling figures against.
      let last = await frame()
      const idle = []
      for (let i = 0; i < 30; i++) {
        const now = await frame()
        idle.push(now - last)
        last = now
      }
      const gaps = []
      const work = []
      const started = performance.now()
      while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2 && performance.now() - started < 90_000) {
        const before = performance.now()
        window.scrollBy(0, 800)
        window.dispatchEvent(new Event('scroll'))
        // The virtual list renders its new rows in a microtask; a forced layout then costs what the frame will.
        await Promise.resolve()
        void document.documentElement.scrollHeight
        work.push(performance.now() - before)
        const now = await frame()
        gaps.push(now - last)
        last = now
      }
      setTimeout(() => {
        observer?.disconnect()
        const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
        done({ types, longTasks, idleMedian: median(idle), frames: gaps.length, longestFrame: Math.max(0, ...gaps), medianFrame: median(gaps), longestWork: Math.max(0, ...work), medianWork: median(work), scrolled: window.scrollY, ms: performance.now() - started })
      }, 200)
    })()
  })
}

/** The figures as one line, after `what` ("scrolling 1,000 providers"). */
export function scrollReport(what, measured) {
  const longest = measured.longTasks.length ? Math.max(...measured.longTasks) : 0
  const ms = (x) => `${x.toFixed(1)} ms`
  return (
    `${what} (${measured.frames} steps of 800 px, ${Math.round(measured.scrolled)} px in ${Math.round(measured.ms)} ms): ` +
    (measured.types.includes('longtask')
      ? `${measured.longTasks.length} long tasks, the longest ${ms(longest)}`
      : `no "longtask" entries in this WebView's PerformanceObserver (it supports: ${measured.types.join(', ')})`) +
    `; script + layout per step: median ${ms(measured.medianWork)}, longest ${ms(measured.longestWork)}` +
    `; frame gaps: median ${ms(measured.medianFrame)}, longest ${ms(measured.longestFrame)} (idle frame pace ${ms(measured.idleMedian)})`
  )
}
