import * as v from 'valibot'
import { Code } from './catalog'
import { Lang } from './i18n-text'

/**
 * The widget's query (/widget/hai-long): a unit (the whole department without one), a language, and colours
 * for its CSS variables. Colours are hex only (#rgb or #rrggbb): nothing else can reach the stylesheet.
 */
const Colour = v.pipe(v.string(), v.regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be a colour as #rgb or #rrggbb'))

export const WidgetQuery = v.object({
  unit: v.optional(Code),
  lang: v.optional(Lang, 'vi'),
  bg: v.optional(Colour),
  fg: v.optional(Colour),
  accent: v.optional(Colour),
})
export type WidgetQuery = v.InferOutput<typeof WidgetQuery>

/** The CSS variables the widget draws with, and the query parameter that sets each. */
export const WIDGET_VARIABLES = { bg: '--hl-bg', fg: '--hl-fg', accent: '--hl-accent' } as const
