/**
 * Attributes the citizen forms' fields share, bound with `v-bind`. Kept out of a component on purpose: the
 * rating form's details are part of the first paint, and a function costs it less than a component would.
 */

/**
 * A control's aria-invalid and aria-describedby: invalid while `problem` is truthy; described by the ids
 * given that are not `false` (a hint, then the error shown, in the order a screen reader should read them).
 */
export function fieldAria(problem: unknown, ...ids: (string | false)[]) {
  return { 'aria-invalid': problem ? true : undefined, 'aria-describedby': ids.filter(Boolean).join(' ') || undefined }
}

/**
 * A box for a code copied from paper (a dossier code, a tracking code): no autofill or spelling fixes, capitals
 * on a phone's keyboard, as long as DossierCode and TrackingCode allow (shared/). Without the type, which
 * stays written on the `<input>`: a bound type would make `v-model` the heavier dynamic one.
 */
export const CODE_INPUT = { maxlength: 40, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' } as const
