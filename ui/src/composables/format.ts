// Display formatting, the one place for it: times in the chosen zone (`timeZone.ts`), numbers
// with the language's separators, durations in ms or s.
import { intlZone, type ZoneChoice } from './timeZone'

// Intl formatters are built once per language, zone and kind, and kept: a list formats thousands
// of values while it scrolls, and each formatter built holds memory outside the script heap until
// the collector happens to free it (`docs/architecture.md`, "Memory").
const formatters = new Map<string, unknown>()

/** A full date and time in `zone`; `labelled` appends the zone's short name (`UTC`, `GMT+8`). */
export function formatLocalTime(iso: string | null | undefined, locale: string, zone: ZoneChoice = 'local', labelled = false): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const timeZone = intlZone(zone)
  return formatter(`time\u0000${locale}\u0000${timeZone}\u0000${labelled}`, () =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
      timeZoneName: labelled ? 'short' : undefined,
    }),
  ).format(d)
}

export function formatShortTime(iso: string, locale: string, zone: ZoneChoice = 'local'): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const timeZone = intlZone(zone)
  return formatter(`short\u0000${locale}\u0000${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
  ).format(d)
}

/** A duration from milliseconds: `820 ms` below a second, else seconds with one decimal (`60.7 s`). */
export function formatDuration(ms: number, locale: string): string {
  if (Math.abs(ms) < 1000) return `${formatter(`ms\u0000${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(ms)} ms`
  return `${formatter(`s\u0000${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })).format(ms / 1000)} s`
}

/** `2026-11-26 10:03:40 UTC` — shown on hover next to every local time. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC')
}

/** Every Intl formatter once per key. */
function formatter<F>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined
  if (f === undefined) {
    f = make()
    formatters.set(key, f)
  }
  return f
}

const numberFormat = (locale: string, kind: 'number' | 'percent'): Intl.NumberFormat =>
  formatter(`${kind}\u0000${locale}`, () => new Intl.NumberFormat(locale, kind === 'percent' ? { style: 'percent', maximumFractionDigits: 1 } : {}))

/** A share as a percentage; `—` when there is none (no finished attempt, so no rate). */
export function formatPercent(ratio: number | null, locale: string): string {
  if (ratio == null) return '—'
  if (!Number.isFinite(ratio)) return '∞'
  return numberFormat(locale, 'percent').format(ratio)
}

export function formatUsd(value: number, locale: string): string {
  return formatter(`usd\u0000${locale}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 })).format(value)
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale, 'number').format(value)
}

/** The system's IANA time zone name (the edit dialog's inputs are in it). */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local'
}
