// The sentence of a provider's next quota reset; when it is, is decided in core (`next_quota_reset`).
import type { QuotaReset } from '@/api'
import { formatLocalTime } from './format'
import type { ZoneChoice } from './timeZone'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

/** "resets in 4 days, on …", "reset due since …" (the date in `zone`, labelled); null when core
 *  gives no reset. */
export function quotaResetText(reset: QuotaReset | null | undefined, t: Translate, locale: string, zone: ZoneChoice = 'local'): string | null {
  if (!reset) return null
  const date = formatLocalTime(reset.at, locale, zone, true)
  if (reset.overdue) return t('screens.quotaReset.overdue', { date })
  return t('screens.quotaReset.inDays', { n: reset.days_left, date }, reset.days_left)
}
