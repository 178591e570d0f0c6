// FieldRow tells the input in its slot which message describes it and whether it is invalid, so
// a screen reader reads the error with the field (`aria-describedby`, `aria-invalid`).
import type { ComputedRef, InjectionKey } from 'vue'

export interface FieldA11y {
  describedBy: string | undefined
  invalid: boolean
}

export const FIELD_A11Y: InjectionKey<ComputedRef<FieldA11y>> = Symbol('field-a11y')
