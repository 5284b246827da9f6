import type { MessageContext } from 'vue-i18n'
import type { Lang, LocalizedText } from '../../shared/i18n-text'

export type SharedMessage = (ctx: MessageContext) => string

const PLACEHOLDER = /\{(\w+)\}/g

/**
 * A text of shared/messages/ as a message of these locale files, keeping its key here. The build compiles only
 * the strings written in the locale files themselves (build/precompile-messages.ts) and the page ships without
 * vue-i18n's compiler, so a text from shared/ comes as a message function; it fills `{name}` placeholders as a
 * compiled message would.
 */
export function sharedText(text: LocalizedText, lang: Lang): SharedMessage {
  const message = text[lang]
  return (ctx) => message.replace(PLACEHOLDER, (_, name: string) => String(ctx.named(name) ?? ''))
}

/** A table of shared labels (one per status, level…) as messages under the same keys. */
export function sharedTexts<K extends string>(labels: Readonly<Record<K, LocalizedText>>, lang: Lang): Record<K, SharedMessage> {
  return Object.fromEntries(Object.entries<LocalizedText>(labels).map(([key, text]) => [key, sharedText(text, lang)])) as Record<K, SharedMessage>
}
