import * as v from 'valibot'

/** Text shown to people, always in Vietnamese first and English second. */
export const LocalizedText = v.object({
  vi: v.pipe(v.string(), v.minLength(1)),
  en: v.pipe(v.string(), v.minLength(1)),
})
export type LocalizedText = v.InferOutput<typeof LocalizedText>

export const Lang = v.picklist(['vi', 'en'])
export type Lang = v.InferOutput<typeof Lang>
