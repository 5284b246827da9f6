/**
 * A request's path as the logs may hold it. A tracking code is the key to a citizen's item, so it never
 * reaches a log: the access log and the error log both write the path through here. An Open311 token is one.
 */
export function loggedPath(path: string): string {
  return path.replace(/^\/(api\/track|t)\/[^/]+/, '/$1/<code>').replace(/^\/open311\/v2\/tokens\/[^/]+/, '/open311/v2/tokens/<code>')
}
