/**
 * Usernames are compared case-insensitively and after Unicode normalisation, so that `Lan.Nguyen` typed on a
 * phone that capitalises the first letter is the same account as `lan.nguyen`.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase()
}

/** Plain ASCII so that a username reads the same in logs, lists and on every keyboard. */
export const USERNAME_FORMAT = /^[a-z0-9][a-z0-9._-]{2,63}$/

export function usernameProblem(username: string): string | undefined {
  if (USERNAME_FORMAT.test(normalizeUsername(username))) return undefined
  return 'must be 3 to 64 characters: letters a–z, digits, dot, dash or underscore, starting with a letter or digit'
}
