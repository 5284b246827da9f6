import { escapeHtml } from './escape-html'

/** A standalone page the server writes for printing (posters, reports): Vietnamese, kept out of search engines. */
export function printablePage(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>`
}
