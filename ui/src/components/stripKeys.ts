// What a key does in a strip (one Tab stop over its buckets): arrows, Home and End move the
// chosen bucket, Enter or Space opens it, Escape hides its tooltip. Shared by the strip drawn
// cell by cell (StripCells) and the one drawn as a single bar (StripBar).

type StripKey = { move: number } | { open: true } | { hide: true } | null

/** The effect of `key` on a strip of `count` buckets whose chosen bucket is `active`. */
function stripKey(key: string, active: number, count: number): StripKey {
  const last = count - 1
  if (key === 'Escape') return { hide: true }
  if (key === 'Enter' || key === ' ') return active <= last ? { open: true } : null
  const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity }
  if (!(key in step) || last < 0) return null
  return { move: Math.min(last, Math.max(0, active + step[key])) }
}

/** Handles `e` on a strip as its key says (the page does not scroll for the keys it handles). */
export function onStripKey(e: KeyboardEvent, active: number, count: number, on: { hide: () => void; open: () => void; move: (index: number) => void }) {
  const effect = stripKey(e.key, active, count)
  if (!effect) return
  if ('hide' in effect) return on.hide()
  e.preventDefault()
  if ('open' in effect) on.open()
  else on.move(effect.move)
}

/** Where bucket `index`'s tooltip goes: left-aligned to it in the strip's first half, right-aligned in the second, so it stays inside the strip. */
export function tooltipPlace(index: number, count: number): Record<string, string> {
  const n = Math.max(1, count)
  return index < n / 2 ? { left: `${(index / n) * 100}%` } : { right: `${((n - index - 1) / n) * 100}%` }
}
