// PENDING — replace with the generated types when the backend's field rules land.
//
// The Rust side is about to send each editable field's bounds (`DatabaseInfo.field_rules`) and to
// accept the v0.3 / Rust gateway settings in a patch. These are those types, in exactly the shapes
// it will generate. When `bindings.ts` has them: delete this file, export `FieldRule`,
// `DatabaseInfo` and `ProviderPatch` from `@/bindings` in `types.ts`, and drop `withFieldRules`
// from `index.ts`.
import type {
  DatabaseInfo as GeneratedDatabaseInfo,
  ProviderPatchFields as GeneratedPatchFields,
} from '@/bindings'

/** The bounds of one editable field on the open database, as core checks them. */
export type FieldRule = {
  field: string
  kind: 'text' | 'url' | 'integer' | 'number' | 'boolean' | 'billing_type' | 'time'
  nullable: boolean
  min: number | null
  max: number | null
  max_chars: number | null
}

/** The patch, with the settings of v0.3 and the Rust gateway. */
export type ProviderPatchFields = GeneratedPatchFields & {
  name?: string
  max_retries?: number | null
  request_timeout?: number | null
  stream_first_byte_timeout?: number | null
  concurrent_limit?: number | null
  keep_priority_on_conversion?: boolean
  enable_format_conversion?: boolean
}
export type ProviderPatch = ProviderPatchFields

export type DatabaseInfo = GeneratedDatabaseInfo & {
  /** The bounds of each field of `editable_fields`; a field without a rule has no client-side bound. */
  field_rules: FieldRule[]
}

/** A backend that does not send `field_rules` yet gives no rules: the server's checks still apply. */
export function withFieldRules(info: GeneratedDatabaseInfo): DatabaseInfo {
  const rules = (info as Partial<DatabaseInfo>).field_rules
  return { ...info, field_rules: Array.isArray(rules) ? rules : [] }
}
