import { acceptHMRUpdate, defineStore } from 'pinia'
import { uuidv7 } from 'uuidv7'
import * as v from 'valibot'
import { computed, ref, shallowRef } from 'vue'
import { issuePath } from '../../shared/api-error'
import { FeedbackIn, MAX_PHOTOS, type FeedbackCategory, type PhotoRef } from '../../shared/feedback'
import type { Lang } from '../../shared/i18n-text'
import { generateTrackingCode } from '../../shared/tracking-code'
import type { PhotoProblem } from '../photos/resize'
import { useFeedbackOutboxStore } from './feedback-outbox'

/**
 * The version of the consent text the citizen is shown (`feedback.consent` in client/locales/vi and en). It
 * is recorded with every item that carries contact details: change it whenever either text changes.
 */
export const CONSENT_TEXT_VERSION = 'consent-2026-11'

export type FeedbackField = 'category' | 'description' | 'dossier' | 'name' | 'phone' | 'email' | 'reach' | 'consent' | 'form'

/** A message key under `feedback.errors`, with what it names. */
export interface FieldError {
  key: string
  params?: Record<string, string | number>
}

export interface DraftPhoto {
  id: string
  blob: Blob
  /** An object URL for the thumbnail; revoked when the photo is removed or the draft ends. */
  url: string
}

export interface FeedbackStart {
  /** The URL the form was opened from: a new one starts a new draft. */
  origin: string
  counter: string
  procedure: string
  dossier: string
  /** What the rating just given said went wrong: the draft starts from it, the citizen edits it freely. */
  fromRating?: { category: FeedbackCategory | ''; description: string }
}

/** Where the schema's issues are shown, and in which words. */
function fieldError(issue: v.BaseIssue<unknown>): [FeedbackField, FieldError] {
  const path = issuePath(issue)
  switch (path) {
    case 'category':
      return ['category', { key: 'feedback.errors.category' }]
    case 'description':
      return issue.type === 'max_length'
        ? ['description', { key: 'feedback.errors.descriptionLong', params: { max: 5000 } }]
        : ['description', { key: 'feedback.errors.descriptionShort', params: { min: 10 } }]
    case 'dossier':
      return ['dossier', { key: 'feedback.errors.dossier' }]
    case 'contact.name':
      return ['name', { key: issue.type === 'max_length' ? 'feedback.errors.nameLong' : 'feedback.errors.name' }]
    case 'contact.phone':
      return ['phone', { key: 'feedback.errors.phone' }]
    case 'contact.email':
      return ['email', { key: 'feedback.errors.email' }]
    case 'contact':
      return ['reach', { key: 'feedback.errors.reach' }]
    default:
      return ['form', { key: 'feedback.errors.invalid', params: { message: `${path}: ${issue.message}` } }]
  }
}

/** The feedback item the citizen is writing, checked with the server's own schema, and what became of it. */
export const useFeedbackStore = defineStore('feedback', () => {
  const counter = ref('')
  const category = ref<FeedbackCategory | ''>('')
  const procedure = ref('')
  const dossier = ref('')
  const description = ref('')
  const photos = ref<DraftPhoto[]>([])
  const preparingPhotos = ref(0)
  const photoProblem = ref<PhotoProblem | 'max' | null>(null)
  const wantsAnswer = ref(false)
  const name = ref('')
  const phone = ref('')
  const email = ref('')
  /** Never ticked in advance: silence is not consent. */
  const consent = ref(false)
  const hideName = ref(false)
  const attempted = ref(false)
  const submitting = ref(false)
  const saveFailed = ref(false)
  /** What the device said when the item was sent: shown instead of the form. */
  const receipt = shallowRef<{ state: 'queued'; id: string; trackingCode: string } | { state: 'duplicate_here' } | null>(null)
  // Made when the draft opens: the id is the server's idempotency key, the code is shown the moment the
  // citizen sends, even offline.
  let id = uuidv7()
  let trackingCode = generateTrackingCode()
  let origin = ''

  const typedContact = computed(() => [name, phone, email].some((field) => field.value.trim() !== ''))
  /** Contact details travel only when the citizen wants an answer and ticked the consent box. */
  const sendsContact = computed(() => wantsAnswer.value && consent.value)

  function item(lang: Lang, submittedAt = new Date().toISOString()): unknown {
    const refs: PhotoRef[] = photos.value.map((photo) => ({ id: photo.id, contentType: 'image/jpeg', byteSize: photo.blob.size }))
    return {
      id,
      trackingCode,
      category: category.value,
      ...(counter.value ? { counter: counter.value } : {}),
      ...(procedure.value ? { procedure: procedure.value } : {}),
      ...(dossier.value.trim() ? { dossier: dossier.value } : {}),
      description: description.value,
      photos: refs,
      wantsAnswer: wantsAnswer.value,
      ...(sendsContact.value
        ? {
            contact: {
              name: name.value,
              ...(phone.value.trim() ? { phone: phone.value } : {}),
              ...(email.value.trim() ? { email: email.value } : {}),
            },
            consent: { given: true, textVersion: CONSENT_TEXT_VERSION },
            hideName: hideName.value,
          }
        : {}),
      lang,
      submittedAt,
    }
  }

  /** Field → the first problem with it; shown after the first attempt to send, then following every change. */
  const errors = computed(() => {
    const found: Partial<Record<FeedbackField, FieldError>> = {}
    if (!attempted.value) return found
    const parsed = v.safeParse(FeedbackIn, item('vi'))
    if (!parsed.success) {
      for (const issue of parsed.issues) {
        const [field, error] = fieldError(issue)
        found[field] ??= error
      }
    }
    // Typed contact details without the consent box would be dropped without a word: ask instead.
    if (wantsAnswer.value && !consent.value && typedContact.value) found.consent ??= { key: 'feedback.errors.consent' }
    return found
  })

  function releasePhotos(): void {
    for (const photo of photos.value) URL.revokeObjectURL(photo.url)
    photos.value = []
  }

  function reset(): void {
    category.value = ''
    description.value = ''
    releasePhotos()
    photoProblem.value = null
    wantsAnswer.value = false
    name.value = ''
    phone.value = ''
    email.value = ''
    consent.value = false
    hideName.value = false
    attempted.value = false
    saveFailed.value = false
    receipt.value = null
    id = uuidv7()
    trackingCode = generateTrackingCode()
  }

  /** Opens the form for a counter; coming back to the same URL keeps the draft in progress. */
  function begin(start: FeedbackStart): void {
    counter.value = start.counter
    if (start.origin === origin) {
      // The catalog arrived after the form opened: what it tells is filled in, nothing typed is lost.
      if (!procedure.value) procedure.value = start.procedure
      if (!category.value && !description.value) startFrom(start.fromRating)
      return
    }
    origin = start.origin
    reset()
    procedure.value = start.procedure
    dossier.value = start.dossier
    startFrom(start.fromRating)
  }

  function startFrom(rating: FeedbackStart['fromRating']): void {
    if (!rating) return
    category.value = rating.category
    description.value = rating.description
  }

  /** Resizes each chosen file on the device (the photo code is loaded only now) and adds it to the draft. */
  async function addPhotos(files: readonly File[]): Promise<void> {
    photoProblem.value = null
    const room = MAX_PHOTOS - photos.value.length - preparingPhotos.value
    if (files.length > room) photoProblem.value = 'max'
    const { canvasCodec, resizePhoto, PhotoError } = await import('../photos/resize')
    for (const file of files.slice(0, Math.max(0, room))) {
      preparingPhotos.value += 1
      try {
        const { blob } = await resizePhoto(file, canvasCodec)
        photos.value = [...photos.value, { id: uuidv7(), blob, url: URL.createObjectURL(blob) }]
      } catch (error) {
        photoProblem.value = error instanceof PhotoError ? error.problem : 'unreadable'
      } finally {
        preparingPhotos.value -= 1
      }
    }
  }

  function removePhoto(photoId: string): void {
    const photo = photos.value.find((p) => p.id === photoId)
    if (photo) URL.revokeObjectURL(photo.url)
    photos.value = photos.value.filter((p) => p.id !== photoId)
    photoProblem.value = null
  }

  /** Returns false when something must be fixed first (the page then moves focus to it). */
  async function submit(lang: Lang): Promise<boolean> {
    if (submitting.value || preparingPhotos.value > 0) return true
    attempted.value = true
    saveFailed.value = false
    if (Object.keys(errors.value).length > 0) return false
    submitting.value = true
    try {
      const outcome = await useFeedbackOutboxStore().submit(
        item(lang),
        photos.value.map(({ id: photoId, blob }) => ({ id: photoId, blob })),
      )
      // The schema was run above; the device runs it again and may still refuse (e.g. a photo's size).
      if (outcome.state === 'invalid') {
        console.error('the device refused the feedback item at', outcome.path)
        saveFailed.value = true
        return true
      }
      receipt.value = outcome
      releasePhotos()
      return true
    } catch (error) {
      console.error('saving the feedback failed:', error instanceof Error ? error.message : error)
      saveFailed.value = true
      return true
    } finally {
      submitting.value = false
    }
  }

  /** Another item from the same counter, procedure and dossier. */
  function again(): void {
    const keep = { procedure: procedure.value, dossier: dossier.value }
    reset()
    procedure.value = keep.procedure
    dossier.value = keep.dossier
  }

  return {
    counter, category, procedure, dossier, description, photos, preparingPhotos, photoProblem, wantsAnswer, name, phone,
    email, consent, hideName, attempted, submitting, saveFailed, receipt, sendsContact, errors,
    begin, addPhotos, removePhoto, submit, again,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFeedbackStore, import.meta.hot))
