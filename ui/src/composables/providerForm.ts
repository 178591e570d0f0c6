// The edit dialog's decisions: form values from a summary, client checks mirroring SPEC §2.3,
// and the patch of changed fields only (explicit null for cleared nullable fields).
import type { BillingType, ProviderPatch, ProviderSummary } from '@/api'
import { fromLocalInput, toLocalInput } from './datetime'

export interface ProviderForm {
  display_name: string
  website: string
  description: string
  provider_priority: string
  is_active: boolean
  billing_type: BillingType
  rpm_limit: string
  monthly_quota_usd: string
  quota_reset_day: string
  quota_last_reset_at: string
  quota_expires_at: string
}

export type FormField = keyof ProviderForm
export const FORM_FIELDS: FormField[] = [
  'display_name',
  'website',
  'description',
  'provider_priority',
  'is_active',
  'billing_type',
  'rpm_limit',
  'monthly_quota_usd',
  'quota_reset_day',
  'quota_last_reset_at',
  'quota_expires_at',
]

/** A message key of `validation.*` and its parameters. */
export interface FieldProblem {
  key: string
  params?: Record<string, number>
}

const num = (v: number | null | undefined) => (v == null ? '' : String(v))

export function formFromSummary(p: ProviderSummary): ProviderForm {
  return {
    display_name: p.display_name ?? p.name,
    website: p.website ?? '',
    description: p.description ?? '',
    provider_priority: num(p.provider_priority),
    is_active: p.is_active,
    billing_type: p.billing_type ?? 'pay_as_you_go',
    rpm_limit: num(p.rpm_limit),
    monthly_quota_usd: num(p.monthly_quota_usd),
    quota_reset_day: num(p.quota_reset_day),
    quota_last_reset_at: toLocalInput(p.quota_last_reset_at),
    quota_expires_at: toLocalInput(p.quota_expires_at),
  }
}

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const I32_MAX = 2147483647

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== ''
  } catch {
    return false
  }
}

/** Client checks, per field; only fields with a problem appear. */
export function validateForm(f: ProviderForm): Partial<Record<FormField, FieldProblem>> {
  const out: Partial<Record<FormField, FieldProblem>> = {}
  const name = f.display_name.trim()
  if (name.length === 0) out.display_name = { key: 'required' }
  else if ([...name].length > 100) out.display_name = { key: 'tooLong', params: { max: 100 } }

  const website = f.website.trim()
  if (website !== '') {
    if ([...website].length > 500) out.website = { key: 'tooLong', params: { max: 500 } }
    else if (!isHttpUrl(website)) out.website = { key: 'url' }
  }

  const priority = f.provider_priority.trim()
  if (priority === '') out.provider_priority = { key: 'required' }
  else if (!INTEGER.test(priority)) out.provider_priority = { key: 'integer' }
  else if (Math.abs(Number(priority)) > I32_MAX)
    out.provider_priority = { key: 'outOfRange', params: { min: -I32_MAX - 1, max: I32_MAX } }

  const rpm = f.rpm_limit.trim()
  if (rpm !== '' && (!INTEGER.test(rpm) || Number(rpm) < 0)) out.rpm_limit = { key: 'nonNegativeInteger' }
  else if (rpm !== '' && Number(rpm) > I32_MAX) out.rpm_limit = { key: 'outOfRange', params: { min: 0, max: I32_MAX } }

  const quota = f.monthly_quota_usd.trim()
  if (quota !== '' && (!DECIMAL.test(quota) || !Number.isFinite(Number(quota)) || Number(quota) < 0))
    out.monthly_quota_usd = { key: 'nonNegative' }

  const day = f.quota_reset_day.trim()
  if (day !== '' && (!INTEGER.test(day) || Number(day) < 1 || Number(day) > 31)) out.quota_reset_day = { key: 'day' }

  for (const field of ['quota_last_reset_at', 'quota_expires_at'] as const) {
    if (f[field].trim() !== '' && fromLocalInput(f[field]) == null) out[field] = { key: 'datetime' }
  }
  return out
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim())
const numOrNull = (s: string) => (s.trim() === '' ? null : Number(s.trim()))

function sameInstant(a: string | null, b: string | null): boolean {
  if (a == null || b == null) return a === b
  return Date.parse(a) === Date.parse(b)
}

/**
 * The fields whose value differs from `original`, as the backend expects them. Assumes the form
 * is valid. Fields the admin did not touch are compared on their input text first, so a time shown
 * at second precision never counts as changed by itself.
 */
export function buildPatch(form: ProviderForm, original: ProviderSummary): ProviderPatch {
  const initial = formFromSummary(original)
  const patch: ProviderPatch = {}
  const touched = (field: FormField) => form[field] !== initial[field]

  if (touched('display_name') && form.display_name.trim() !== (original.display_name ?? original.name))
    patch.display_name = form.display_name.trim()
  if (touched('website') && orNull(form.website) !== original.website) patch.website = orNull(form.website)
  if (touched('description')) {
    const d = form.description.trim() === '' ? null : form.description
    if (d !== original.description) patch.description = d
  }
  if (touched('provider_priority') && Number(form.provider_priority) !== original.provider_priority)
    patch.provider_priority = Number(form.provider_priority)
  if (form.is_active !== original.is_active) patch.is_active = form.is_active
  if (form.billing_type !== original.billing_type) patch.billing_type = form.billing_type
  if (touched('rpm_limit') && numOrNull(form.rpm_limit) !== original.rpm_limit) patch.rpm_limit = numOrNull(form.rpm_limit)
  if (touched('monthly_quota_usd') && numOrNull(form.monthly_quota_usd) !== original.monthly_quota_usd)
    patch.monthly_quota_usd = numOrNull(form.monthly_quota_usd)
  if (touched('quota_reset_day') && numOrNull(form.quota_reset_day) !== original.quota_reset_day)
    patch.quota_reset_day = numOrNull(form.quota_reset_day)
  for (const field of ['quota_last_reset_at', 'quota_expires_at'] as const) {
    if (!touched(field)) continue
    const value = form[field].trim() === '' ? null : fromLocalInput(form[field])
    if (!sameInstant(value, original[field])) patch[field] = value
  }
  return patch
}

/**
 * After a Conflict: the admin's changed fields on top of the current values, so saving again
 * applies exactly their edits to the fresh row.
 */
export function reapplyEdits(form: ProviderForm, original: ProviderSummary, current: ProviderSummary): ProviderForm {
  const before = formFromSummary(original)
  const next = formFromSummary(current)
  for (const field of FORM_FIELDS) {
    if (form[field] !== before[field]) (next as unknown as Record<string, unknown>)[field] = form[field]
  }
  return next
}

/** The fields the admin changed, for the conflict table. */
export function changedFields(form: ProviderForm, original: ProviderSummary): FormField[] {
  const before = formFromSummary(original)
  return FORM_FIELDS.filter((f) => form[f] !== before[f])
}
