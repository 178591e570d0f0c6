// The fleet list's strips, asked for a page at a time as rows come into view: the web view holds
// the strips of a few pages, not those of thousands of rows (`docs/architecture.md`, "Memory").
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import { api, LIMITS, type FleetQuery, type FleetStrip } from '@/api'

/** Strips per page asked for, and how many pages are kept (those nearest the rows shown). */
const PAGE = LIMITS.fleet_strip_page.default
const KEPT_PAGES = 6
/** How long the rows shown must stay before their strips are asked for. */
export const SETTLE_MS = 80

export function useFleetStrips(query: Ref<FleetQuery | null>) {
  const pages = shallowRef(new Map<number, FleetStrip[]>())
  let asking = new Set<number>()
  let answer = 0
  let pending: ReturnType<typeof setTimeout> | null = null
  watch(
    () => JSON.stringify(query.value),
    () => {
      pages.value = new Map()
      asking = new Set()
      answer++
    },
  )

  /**
   * Asks for the pages of ranks `first`..`last` (1-based) not held yet, once the list has stopped
   * moving for `SETTLE_MS`: pages that only flew past while scrolling are never asked for. A page
   * that failed is asked again the next time its rows are shown.
   */
  function show(first: number, last: number): void {
    if (pending !== null) clearTimeout(pending)
    pending = setTimeout(() => {
      pending = null
      ask(first, last)
    }, SETTLE_MS)
  }

  function ask(first: number, last: number): void {
    const q = query.value
    if (!q || last < first) return
    const mine = answer
    const centre = Math.floor(((first + last) / 2 - 1) / PAGE)
    for (let p = Math.floor((first - 1) / PAGE); p <= Math.floor((last - 1) / PAGE); p++) {
      if (pages.value.has(p) || asking.has(p)) continue
      asking.add(p)
      api
        .getFleetStrips(q, p * PAGE + 1, PAGE)
        .then((page) => {
          if (mine !== answer) return
          const next = new Map(pages.value).set(p, page.strips)
          const farthest = [...next.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
          for (const far of farthest.slice(0, Math.max(0, next.size - KEPT_PAGES))) next.delete(far)
          pages.value = next
        })
        .catch(() => undefined)
        .finally(() => mine === answer && asking.delete(p))
    }
  }
  onScopeDispose(() => pending !== null && clearTimeout(pending))

  /** The strip of the row ranked `rank`, if its page has come. */
  const strip = (rank: number): FleetStrip | undefined => pages.value.get(Math.floor((rank - 1) / PAGE))?.[(rank - 1) % PAGE]

  return { show, strip }
}
