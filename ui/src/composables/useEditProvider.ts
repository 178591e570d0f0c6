// State of one edit session: form, checks, patch, save with Conflict / Validation handling.
import { computed, reactive, ref } from 'vue'
import { api, toAppError, type AppError, type ProviderSummary } from '@/api'
import {
  buildPatch,
  changedFields,
  FORM_FIELDS,
  formFromSummary,
  reapplyEdits,
  validateForm,
  type FormField,
  type ProviderForm,
} from './providerForm'

export function useEditProvider(initial: ProviderSummary, readOnly: () => boolean) {
  const original = ref<ProviderSummary>(initial)
  const form = reactive<ProviderForm>(formFromSummary(initial))
  const saving = ref(false)
  const conflict = ref<ProviderSummary | null>(null)
  const failure = ref<AppError | null>(null)
  // A server message stays on its field until the admin changes that field's value.
  const serverErrors = ref<Partial<Record<FormField, { message: string; value: unknown }>>>({})
  const otherServerErrors = ref<string[]>([])

  const problems = computed(() => validateForm(form))
  const valid = computed(() => Object.keys(problems.value).length === 0)
  const changed = computed(() => changedFields(form, original.value))
  const dirty = computed(() => changed.value.length > 0)
  const patch = computed(() => (valid.value ? buildPatch(form, original.value) : {}))
  const canSave = computed(
    () => !readOnly() && !saving.value && !conflict.value && valid.value && Object.keys(patch.value).length > 0,
  )

  function serverError(field: FormField): string | null {
    const e = serverErrors.value[field]
    return e && e.value === form[field] ? e.message : null
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
          if ((FORM_FIELDS as string[]).includes(e.field)) {
            const f = e.field as FormField
            mapped[f] = { message: e.message, value: form[f] }
          } else otherServerErrors.value.push(`${e.field}: ${e.message}`)
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
    assign(reapplyEdits(form, original.value, conflict.value))
    original.value = conflict.value
    conflict.value = null
  }

  /** Conflict → drop the admin's edits and start from the current row. */
  function startOver() {
    if (!conflict.value) return
    assign(formFromSummary(conflict.value))
    original.value = conflict.value
    conflict.value = null
  }

  return {
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
    save,
    reapply,
    startOver,
  }
}
