/**
 * Search over feedback descriptions as the SQLite store's FTS5 index answers it (unicode61, remove_diacritics
 * 2, đ folded to d): words are runs of letters and digits, compared without case or tone marks, each query
 * word matching the start of a word (`"tre han"*` finds "trễ hạn" and "trễ hạnh"). The folded words are kept
 * in feedback.search_text as " w1 w2 …", so that a query word is a substring starting after a space.
 */

function foldedWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
}

/** What feedback.search_text holds for a description. */
export function searchText(description: string): string {
  return ` ${foldedWords(description).join(' ')}`
}

/**
 * The phrases an FTS5 query of server/domain/feedback-rules.ts ftsQuery asks for, every one required: each
 * quoted word, folded, as " w1 w2" to look for in search_text. (The Store's InboxFilter carries the FTS5
 * text; giving the store the words instead would spare this parse.)
 */
export function searchPhrases(ftsQuery: string): string[] {
  const phrases: string[] = []
  for (const [, quoted] of ftsQuery.matchAll(/"((?:[^"]|"")*)"\*?/g)) {
    const words = foldedWords(quoted!.replaceAll('""', '"'))
    if (words.length > 0) phrases.push(` ${words.join(' ')}`)
  }
  return phrases
}
