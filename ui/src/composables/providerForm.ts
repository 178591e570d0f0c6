// The edit dialog's decisions: which fields it shows (the open database's `editable_fields`), where
// each sits, client checks from the database's field rules, and the patch of changed fields only
// (explicit null for cleared nullable fields). Bounds are never written here: every rule is decided
// in core and arrives as a `FieldRule`; a field without one gets only the checks its value type needs.
import type { FieldRule, ProviderPatch, ProviderSummary } from '@/api'
import { fromLocalInput, toLocalInput } from './datetime'

export type FieldKind = FieldRule['kind']
export type FieldGroup = 'basic' | 'routing' | 'billing' | 'quota' | 'other'

interface Place {
  group: FieldGroup
  /** The value type of the patch field, used when the database gives no rule. */
  kind: FieldKind
  multiline?: boolean
  /** Empty (null) means unlimited. */
  unlimitedWhenEmpty?: boolean
  /** Has its own hint, `edit.hint.<name>`. */
  hint?: boolean
}

/** Where each known setting sits in the dialog; an unknown editable field goes to "other". */
const PLACES: Record<string, Place> = {
  name: { group: 'basic', kind: 'text' },
  display_name: { group: 'basic', kind: 'text' },
  description: { group: 'basic', kind: 'text', multiline: true },
  website: { group: 'basic', kind: 'text' },
  provider_priority: { group: 'routing', kind: 'number', hint: true },
  is_active: { group: 'routing', kind: 'boolean' },
  max_retries: { group: 'routing', kind: 'number' },
  request_timeout: { group: 'routing', kind: 'number' },
  stream_first_byte_timeout: { group: 'routing', kind: 'number' },
  concurrent_limit: { group: 'routing', kind: 'number', unlimitedWhenEmpty: true, hint: true },
  enable_format_conversion: { group: 'routing', kind: 'boolean' },
  keep_priority_on_conversion: { group: 'routing', kind: 'boolean' },
  billing_type: { group: 'billing', kind: 'choice' },
  rpm_limit: { group: 'billing', kind: 'number', unlimitedWhenEmpty: true, hint: true },
  monthly_quota_usd: { group: 'quota', kind: 'number' },
  quota_reset_day: { group: 'quota', kind: 'number' },
  quota_last_reset_at: { group: 'quota', kind: 'time' },
  quota_expires_at: { group: 'quota', kind: 'time' },
}

/** Where a known setting sits and what kind of value it holds; undefined for an unknown field. */
export function fieldPlace(name: string): Readonly<Place> | undefined {
  return PLACES[name]
}

const GROUP_ORDER: FieldGroup[] = ['basic', 'routing', 'billing', 'quota', 'other']

/** One field of the dialog. */
export interface FieldSpec {
  name: string
  group: FieldGroup
  /** The rule's kind, else the patch field's value type. */
  kind: FieldKind
  rule: FieldRule | null
  multiline: boolean
  unlimitedWhenEmpty: boolean
  ownHint: boolean
}

export type FormValue = string | boolean
/** Input values by field name: text for inputs, booleans for checkboxes. */
export type ProviderForm = Record<string, FormValue>

/** A message key of `validation.*` and its parameters. */
export interface FieldProblem {
  key: string
  params?: Record<string, number>
}

/** The dialog's fields: exactly `editable`, in its order, each with its rule if the database gave one. */
export function formSchema(editable: readonly string[], rules: readonly FieldRule[]): FieldSpec[] {
  return editable.map((name) => {
    const place = PLACES[name] ?? { group: 'other', kind: 'text' }
    const rule = rules.find((r) => r.name === name) ?? null
    return {
      name,
      group: place.group,
      kind: rule?.kind ?? place.kind,
      rule,
      multiline: place.multiline ?? false,
      unlimitedWhenEmpty: place.unlimitedWhenEmpty ?? false,
      ownHint: place.hint ?? false,
    }
  })
}

/** The message under a field: its own hint, else the local zone for times, else its rule's bounds. */
export function fieldHint(spec: FieldSpec): { key: string; params?: Record<string, number> } | null {
  if (spec.ownHint) return { key: `edit.hint.${spec.name}` }
  if (spec.kind === 'time') return { key: 'edit.timeHint' }
  const min = spec.rule?.min ?? null
  const max = spec.rule?.max ?? null
  return min != null && max != null ? { key: 'edit.range', params: { min, max } } : null
}

export interface FieldSection {
  group: FieldGroup
  fields: FieldSpec[]
}

/**
 * The fields by group in dialog order; the quota section only while the billing type (as edited,
 * else as stored) is monthly_quota.
 */
export function formSections(schema: FieldSpec[], form: ProviderForm, original: ProviderSummary): FieldSection[] {
  const billing = 'billing_type' in form ? form.billing_type : original.billing_type
  return GROUP_ORDER.filter((g) => g !== 'quota' || billing === 'monthly_quota')
    .map((group) => ({ group, fields: schema.filter((f) => f.group === group) }))
    .filter((s) => s.fields.length > 0)
}

function storedValue(p: ProviderSummary, name: string): unknown {
  // Legacy's display name falls back to the machine name, as the card shows it.
  if (name === 'display_name') return p.display_name || p.name
  return (p as unknown as Record<string, unknown>)[name]
}

function inputValue(spec: FieldSpec, value: unknown): FormValue {
  switch (spec.kind) {
    case 'boolean':
      return value === true
    case 'choice':
      return typeof value === 'string' ? value : (spec.rule?.choices[0] ?? '')
    case 'time':
      return toLocalInput(typeof value === 'string' ? value : null)
    default:
      return value == null ? '' : String(value)
  }
}

export function formFromSummary(schema: FieldSpec[], p: ProviderSummary): ProviderForm {
  return Object.fromEntries(schema.map((f) => [f.name, inputValue(f, storedValue(p, f.name))]))
}

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== ''
  } catch {
    return false
  }
}

function outOfBounds(n: number, rule: FieldRule | null): FieldProblem | null {
  const min = rule?.min ?? null
  const max = rule?.max ?? null
  if ((min == null || n >= min) && (max == null || n <= max)) return null
  if (min != null && max != null) return { key: 'outOfRange', params: { min, max } }
  return min != null ? { key: 'atLeast', params: { min } } : { key: 'atMost', params: { max: max as number } }
}

function checkField(spec: FieldSpec, value: FormValue): FieldProblem | null {
  if (typeof value === 'boolean' || spec.kind === 'choice') return null
  const s = value.trim()
  const rule = spec.rule
  if (s === '') return rule && !rule.nullable ? { key: 'required' } : null
  switch (spec.kind) {
    case 'text':
    case 'url':
      if (rule?.max_chars != null && [...s].length > rule.max_chars) return { key: 'tooLong', params: { max: rule.max_chars } }
      return spec.kind === 'url' && !isHttpUrl(s) ? { key: 'url' } : null
    case 'integer':
      return INTEGER.test(s) ? outOfBounds(Number(s), rule) : { key: 'integer' }
    case 'number':
      return DECIMAL.test(s) && Number.isFinite(Number(s)) ? outOfBounds(Number(s), rule) : { key: 'number' }
    case 'time':
      return fromLocalInput(s) == null ? { key: 'datetime' } : null
    default:
      return null
  }
}

/** Client checks, per field; only fields with a problem appear. */
export function validateForm(schema: FieldSpec[], form: ProviderForm): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {}
  for (const spec of schema) {
    const problem = checkField(spec, form[spec.name])
    if (problem) out[spec.name] = problem
  }
  return out
}

/** The value a patch carries for an input value; assumes the value passed `checkField`. */
function patchValue(spec: FieldSpec, value: FormValue): unknown {
  if (typeof value === 'boolean' || spec.kind === 'choice') return value
  const s = value.trim()
  if (s === '') return null
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return Number(s)
    case 'time':
      return fromLocalInput(s)
    default:
      return s
  }
}

function sameValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  if (spec.kind === 'time' && typeof a === 'string' && typeof b === 'string') return Date.parse(a) === Date.parse(b)
  return a === b
}

/**
 * The fields whose value differs from `original`, as the backend expects them. Assumes the form
 * is valid. A field counts only when its input changed and its value did too, so a time shown at
 * second precision or `10` retyped as `10.0` never counts as changed by itself.
 */
export function buildPatch(schema: FieldSpec[], form: ProviderForm, original: ProviderSummary): ProviderPatch {
  const initial = formFromSummary(schema, original)
  const patch: Record<string, unknown> = {}
  for (const spec of schema) {
    const now = form[spec.name]
    if (now === initial[spec.name]) continue
    const value = patchValue(spec, now)
    if (!sameValue(spec, value, patchValue(spec, initial[spec.name]))) patch[spec.name] = value
  }
  return patch as ProviderPatch
}

/**
 * After a Conflict: the admin's changed fields on top of the current values, so saving again
 * applies exactly their edits to the fresh row.
 */
export function reapplyEdits(schema: FieldSpec[], form: ProviderForm, original: ProviderSummary, current: ProviderSummary): ProviderForm {
  const before = formFromSummary(schema, original)
  const next = formFromSummary(schema, current)
  for (const spec of schema) if (form[spec.name] !== before[spec.name]) next[spec.name] = form[spec.name]
  return next
}

/** The fields the admin changed, for the conflict table. */
export function changedFields(schema: FieldSpec[], form: ProviderForm, original: ProviderSummary): string[] {
  const before = formFromSummary(schema, original)
  return schema.filter((f) => form[f.name] !== before[f.name]).map((f) => f.name)
}
