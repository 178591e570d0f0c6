// A field error's text in the UI's language, from its machine code (`FieldCode` in the bindings,
// listed in docs/rules.md): the backend's English `message` is shown only for a code this UI does
// not know yet.
import type { FieldCode, FieldError } from '@/api'

type Translate = (key: string, params?: Record<string, unknown>) => string
type Text<C> = (code: C) => [key: string, params?: Record<string, unknown>]

/** The i18n key and parameters of every code; the mapped type makes a new code a type error here. */
const TEXTS: { [Id in FieldCode['id']]: Text<Extract<FieldCode, { id: Id }>> } = {
  required: () => ['validation.required'],
  too_long: (c) => ['validation.tooLong', { max: c.max }],
  out_of_range: (c) => ['validation.outOfRange', { min: c.min, max: c.max }],
  at_least: (c) => ['validation.atLeast', { min: c.min }],
  not_text: () => ['validation.text'],
  not_an_integer: () => ['validation.integer'],
  not_a_number: () => ['validation.number'],
  not_a_boolean: () => ['validation.boolean'],
  not_a_choice: (c) => ['validation.choice', { choices: c.choices.join(', ') }],
  invalid_url: () => ['validation.url'],
  invalid_database_url: () => ['validation.databaseUrl'],
  invalid_time: () => ['validation.datetime'],
  time_without_offset: () => ['validation.timeOffset'],
  not_unique: () => ['validation.notUnique'],
  not_editable: () => ['validation.notEditable'],
  not_an_object: () => ['validation.notAnObject'],
  invalid_json: () => ['validation.invalidJson'],
  invalid_window: () => ['validation.window'],
  invalid_source: () => ['validation.source'],
  invalid_path: () => ['validation.path'],
  file_exists: () => ['validation.fileExists'],
  same_file: () => ['validation.sameFile'],
  unsupported: () => ['validation.unsupported'],
}

/** The error's text in the current language. */
export function fieldErrorText(error: FieldError, t: Translate): string {
  const text = (TEXTS as Record<string, Text<FieldCode> | undefined>)[error.code?.id]
  if (!text) return error.message
  const [key, params] = text(error.code)
  return t(key, params ?? {})
}

/** `field: text; field: text`, for a sentence listing several errors. */
export function fieldErrorList(errors: FieldError[], t: Translate): string {
  return errors.map((e) => `${e.field}: ${fieldErrorText(e, t)}`).join('; ')
}
