// The date-time fields (the edit dialog's, the health page's as-of) hold wall-clock strings
// without a zone, `YYYY-MM-DDTHH:MM:SS` (typed with a space for the `T`); the backend wants
// RFC 3339 with an offset. These convert between the two in the local time zone or UTC.

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

/** RFC 3339 instant → `YYYY-MM-DDTHH:MM:SS` in local time ('' for null). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  )
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** Local wall-clock input → RFC 3339 with the local offset, e.g. `2026-12-01T00:00:00+08:00`; null if malformed. */
export function fromLocalInput(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0))
  const date = new Date(y, mo - 1, d, h, mi, s)
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return null
  const offsetMin = -date.getTimezoneOffset()
  const sign = offsetMin >= 0 ? '+' : '-'
  const off = `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${off}`
  )
}

/** RFC 3339 instant → `YYYY-MM-DDTHH:MM:SS` in UTC when `zone` is `utc`, else in local time. */
export function toZoneInput(iso: string | null, zone: 'local' | 'utc'): string {
  if (zone === 'local') return toLocalInput(iso)
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return d.toISOString().slice(0, 19)
}

/** A wall-clock input read in `zone` → RFC 3339 (`…Z` for UTC); null if malformed. */
export function fromZoneInput(value: string, zone: 'local' | 'utc'): string | null {
  if (zone === 'local') return fromLocalInput(value)
  const m = LOCAL_INPUT.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0))
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
