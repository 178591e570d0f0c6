import { afterEach, describe, expect, it } from 'vitest'
import { formatDuration, formatLocalTime, formatNumber, formatPercent, formatShortTime } from './format'
import { fromZoneInput, toZoneInput } from './datetime'
import { useTimeZone, ZONE_STORAGE_KEY, zoneLabel } from './timeZone'
import { nextTick } from 'vue'

describe('numbers and durations, in both languages', () => {
  it.each(['en', 'zh'])('puts thousands separators in counts (%s)', (locale) => {
    expect(formatNumber(3595, locale)).toBe('3,595')
    expect(formatNumber(2_000_000, locale)).toBe('2,000,000')
  })

  it.each(['en', 'zh'])('shows milliseconds below a second and seconds above (%s)', (locale) => {
    expect(formatDuration(820, locale)).toBe('820 ms')
    expect(formatDuration(60652, locale)).toBe('60.7 s')
    expect(formatDuration(1000, locale)).toBe('1 s')
    expect(formatDuration(3_600_000, locale)).toBe('3,600 s')
  })

  it.each(['en', 'zh'])('shows a rate as a percentage, and a missing one as a dash (%s)', (locale) => {
    expect(formatPercent(3595 / 3607, locale)).toBe('99.7%')
    expect(formatPercent(0, locale)).toBe('0%')
    expect(formatPercent(null, locale)).toBe('—')
  })
})

describe('time zone', () => {
  const { zone } = useTimeZone()
  afterEach(() => {
    zone.value = 'local'
  })

  it('formats in UTC when UTC is chosen and labels the zone', () => {
    zone.value = 'utc'
    expect(formatLocalTime('2026-11-26T08:31:57Z', 'en', 'utc', true)).toMatch(/08:31:57.*UTC/)
    expect(formatLocalTime('2026-11-26T08:31:57Z', 'zh', 'utc', true)).toMatch(/UTC.*08:31:57|08:31:57.*UTC/)
    expect(formatShortTime('2026-11-26T08:30:00Z', 'en', 'utc')).toContain('08:30')
    expect(zoneLabel('utc')).toBe('UTC')
  })

  it('remembers the choice', async () => {
    zone.value = 'utc'
    await nextTick()
    expect(localStorage.getItem(ZONE_STORAGE_KEY)).toBe('utc')
    zone.value = 'local'
    await nextTick()
    expect(localStorage.getItem(ZONE_STORAGE_KEY)).toBe('local')
  })

  it('reads and writes the as-of input in the chosen zone', () => {
    expect(toZoneInput('2026-11-26T08:30:00Z', 'utc')).toBe('2026-11-26T08:30:00')
    expect(fromZoneInput('2026-11-26T08:30:00', 'utc')).toBe('2026-11-26T08:30:00Z')
    expect(fromZoneInput('2026-02-30T08:30', 'utc')).toBeNull()
    const local = fromZoneInput(toZoneInput('2026-11-26T08:30:00Z', 'local'), 'local')
    expect(Date.parse(local!)).toBe(Date.parse('2026-11-26T08:30:00Z'))
  })
})
