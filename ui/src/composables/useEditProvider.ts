// State of one edit session: form, checks, patch, save with Conflict / Validation handling.
import { computed, reactive, ref } from 'vue'
import { api, toAppError, type AppError, type FieldError, type FieldRule, type ProviderSummary } from '@/api'
import {
  buildPatch,
  changedFields,
  formFromSummary,
  formSchema,
  formSections,
  reapplyEdits,
  validateForm,
  type ProviderForm,
} from './providerForm'

/** What the open database lets the dialog edit, and the bounds core checks. */
export interface EditableSettings {
  fields: readonly string[]
  rules: readonly FieldRule[]
}

export function useEditProvider(initial: ProviderSummary, settings: EditableSettings, readOnly: () => boolean) {
  const schema = formSchema(settings.fields, settings.rules)
  const original = ref<ProviderSummary>(initial)
  const form = reactive<ProviderForm>(formFromSummary(schema, initial))
  const saving = ref(false)
  const conflict = ref<ProviderSummary | null>(null)
  const failure = ref<AppError | null>(null)
  // A server error stays on its field until the admin changes that field's value.
  const serverErrors = ref<Record<string, { error: FieldError; value: unknown }>>({})
  // Errors on fields the form does not show.
  const otherServerErrors = ref<FieldError[]>([])

  const sections = computed(() => formSections(schema, form, original.value))
  const problems = computed(() => validateForm(schema, form))
  const valid = computed(() => Object.keys(problems.value).length === 0)
  const changed = computed(() => changedFields(schema, form, original.value))
  const dirty = computed(() => changed.value.length > 0)
  const patch = computed(() => (valid.value ? buildPatch(schema, form, original.value) : {}))
  const canSave = computed(
    () => !readOnly() && !saving.value && !conflict.value && valid.value && Object.keys(patch.value).length > 0,
  )

  function serverError(field: string): FieldError | null {
    const e = serverErrors.value[field]
    return e && e.value === form[field] ? e.error : null
  }

  function assign(next: ProviderForm) {
    Object.assign(form, next)
  }

  async function save(): Promise<ProviderSummary | null> {
    if (!canSave.value) return null
    saving.value = true
    failure.value = null
    otherServerErrors.value = []
    try {
      return await api.updateProviderSettings(original.value.id, patch.value, original.value.updated_at)
    } catch (raw) {
      const err = toAppError(raw)
      if (err.detail.kind === 'Validation') {
        const mapped: typeof serverErrors.value = {}
        for (const e of err.detail.errors) {
          if (Object.hasOwn(form, e.field)) mapped[e.field] = { error: e, value: form[e.field] }
          else otherServerErrors.value.push(e)
        }
        serverErrors.value = mapped
      } else if (err.detail.kind === 'Conflict') {
        conflict.value = err.detail.current
      } else failure.value = err
      return null
    } finally {
      saving.value = false
    }
  }

  /** Conflict → keep the admin's edits, based on the current row. */
  function reapply() {
    if (!conflict.value) return
    assign(reapplyEdits(schema, form, original.value, conflict.value))
    original.value = conflict.value
    conflict.value = null
  }

  /** Conflict → drop the admin's edits and start from the current row. */
  function startOver() {
    if (!conflict.value) return
    assign(formFromSummary(schema, conflict.value))
    original.value = conflict.value
    conflict.value = null
  }

  /** A field's input value in `summary` (the conflict table's "current" column). */
  const valueIn = (field: string, summary: ProviderSummary) => formFromSummary(schema, summary)[field]

  return {
    schema,
    sections,
    original,
    form,
    saving,
    conflict,
    failure,
    problems,
    valid,
    changed,
    dirty,
    patch,
    canSave,
    otherServerErrors,
    serverError,
    valueIn,
    save,
    reapply,
    startOver,
  }
}
