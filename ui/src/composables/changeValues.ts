// How a setting's value reads to a person, wherever a value is shown outside an input: the change
// log, the edit dialog's list of changes. Values arrive as the change log stores them (JSON text,
// null for none) or as plain values; the field's kind comes from the dialog's placement table.
import { formatLocalTime, formatNumber, formatUsd } from './format'
import { fieldPlace } from './providerForm'
import type { ZoneChoice } from './timeZone'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

const SECONDS = new Set(['request_timeout', 'stream_first_byte_timeout'])

/** Parses a change-log value (JSON text); text that is not JSON is shown as written. */
export function parseLogged(text: string | null): unknown {
  if (text == null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** A value of `field` as a person reads it: `Pay as you go`, `$200.00`, `30 s`, `—`; a time in
 *  `zone`, labelled with it. */
export function readableValue(field: string, value: unknown, t: Translate, locale: string, zone: ZoneChoice = 'local'): string {
  const place = fieldPlace(field)
  if (value == null || value === '') return place?.unlimitedWhenEmpty ? t('common.unlimited') : t('common.none')
  if (typeof value === 'boolean') return value ? t('edit.yes') : t('edit.no')
  if (field === 'billing_type' && typeof value === 'string') return t(`billing.${value}`)
  if (typeof value === 'number') {
    if (field === 'monthly_quota_usd') return formatUsd(value, locale)
    if (SECONDS.has(field)) return t('settings.seconds', { n: formatNumber(value, locale) })
    if (field === 'quota_reset_day') return t('settings.days', { n: value }, value)
    return formatNumber(value, locale)
  }
  if (typeof value === 'string') return place?.kind === 'time' ? formatLocalTime(value, locale, zone, true) : value
  return JSON.stringify(value)
}

/**
 * The label of a setting next to a value shown with its unit (the change log): the detail page's
 * label, which is the dialog's without the unit it asks the input in ("Request timeout (s)").
 */
export function fieldLabel(field: string, t: Translate, te: (key: string) => boolean): string {
  if (te(`settings.${field}`)) return t(`settings.${field}`)
  return te(`edit.${field}`) ? t(`edit.${field}`) : field
}
