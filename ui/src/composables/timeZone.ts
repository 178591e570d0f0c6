// Which time zone times are shown in: the local one until the admin picks UTC; the choice is
// remembered. Every displayed time goes through `format.ts` with this zone and is labelled.
import { ref, watch } from 'vue'

export type ZoneChoice = 'local' | 'utc'
export const ZONE_STORAGE_KEY = 'aether-review.time-zone'

function saved(): ZoneChoice {
  try {
    return localStorage.getItem(ZONE_STORAGE_KEY) === 'utc' ? 'utc' : 'local'
  } catch {
    return 'local'
  }
}

const zone = ref<ZoneChoice>(saved())

watch(zone, (choice) => {
  try {
    localStorage.setItem(ZONE_STORAGE_KEY, choice)
  } catch {
    // Storage may be unavailable; the choice still applies for this session.
  }
})

export function useTimeZone() {
  return { zone }
}

/** The IANA zone for `Intl.DateTimeFormat`: undefined means the system's. */
export function intlZone(choice: ZoneChoice): string | undefined {
  return choice === 'utc' ? 'UTC' : undefined
}

/** `UTC`, or the local zone with its offset at `at`, e.g. `Asia/Shanghai (UTC+08:00)`. */
export function zoneLabel(choice: ZoneChoice, at: Date = new Date()): string {
  if (choice === 'utc') return 'UTC'
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local'
  if (name === 'UTC' || name === 'Etc/UTC') return 'UTC'
  const off = -at.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${name} (UTC${sign}${pad(off / 60)}:${pad(off % 60)})`
}
