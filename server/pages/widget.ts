import { formatDay } from '../../shared/dates'
import type { Lang } from '../../shared/i18n-text'
import { formatRate, PUBLIC_TEXTS } from '../../shared/public-results'
import { WIDGET_VARIABLES, type WidgetQuery } from '../../shared/widget'
import { escapeHtml } from './escape-html'
import { PUBLIC_PATHS } from './public-results'

export interface WidgetFigures {
  /** The unit's (or department's) name; null for the whole department. */
  name: string | null
  agency: string
  /** Satisfied or very satisfied, %; null when hidden (fewer than 5 forms, or to protect another group). */
  satisfiedRate: number | null
  forms: number | null
  from: string
  to: string
}

/**
 * The widget: one figure for a portal's iframe, drawn by the server (no script), well under 10 kB. Its look
 * comes from CSS variables (--hl-bg, --hl-fg, --hl-accent, --hl-muted, --hl-font) that the query may set.
 */
export function widgetPage(figures: WidgetFigures, query: WidgetQuery): string {
  const lang: Lang = query.lang
  const t = (text: Record<Lang, string>) => escapeHtml(text[lang])
  const colours = (Object.keys(WIDGET_VARIABLES) as (keyof typeof WIDGET_VARIABLES)[])
    .filter((key) => query[key] !== undefined)
    .map((key) => `${WIDGET_VARIABLES[key]}:${query[key]}`)
    .join(';')
  const style =
    `:root{--hl-bg:#fff;--hl-fg:#1a1a1a;--hl-accent:#0b5394;--hl-muted:#4a4a4a;--hl-font:system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;${colours}}` +
    'body{margin:0;padding:.75rem;background:var(--hl-bg);color:var(--hl-fg);font-family:var(--hl-font);line-height:1.35}' +
    'h1{font-size:1rem;margin:0}p{margin:.25rem 0}.hl-rate{font-size:2rem;font-weight:700;color:var(--hl-accent);margin:0}' +
    '.hl-none{font-size:1.25rem}.hl-note{font-size:.8125rem;color:var(--hl-muted)}a{color:var(--hl-accent)}'
  const rate =
    figures.satisfiedRate === null ?
      `<p class="hl-rate hl-none">${t(PUBLIC_TEXTS.notEnough)}</p>`
    : `<p class="hl-rate">${formatRate(figures.satisfiedRate, lang)}</p>`
  return `<!doctype html><html lang="${lang}"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${t(PUBLIC_TEXTS.widgetWindow)}</title><style>${style}</style></head><body><main>` +
    `<h1>${escapeHtml(figures.name ?? figures.agency)}</h1>` +
    `<p>${t(PUBLIC_TEXTS.satisfiedRate)}</p>${rate}` +
    `<p class="hl-note">${t(PUBLIC_TEXTS.widgetWindow)} (${formatDay(figures.from)}–${formatDay(figures.to)})${figures.forms === null ? '' : ` · ${figures.forms} ${t(PUBLIC_TEXTS.forms).toLowerCase()}`}</p>` +
    `<p class="hl-note"><a href="${PUBLIC_PATHS[lang]}" target="_blank" rel="noopener">${t({ vi: 'Xem chi tiết', en: 'Details' })}</a></p>` +
    '</main></body></html>'
}

/**
 * The one-line embed: `<script src="…/widget/hai-long.js" data-unit="LS" async></script>` puts the iframe where
 * the script stands. data-unit, data-lang, data-bg, data-fg and data-accent pass on to the widget's query.
 */
export const EMBED_SCRIPT = `(function(){var s=document.currentScript;if(!s)return;var u=new URL(s.src),q=new URLSearchParams();
["unit","lang","bg","fg","accent"].forEach(function(k){var v=s.getAttribute("data-"+k);if(v)q.set(k,v)});
var f=document.createElement("iframe");f.src=u.origin+"/widget/hai-long"+(q.toString()?"?"+q:"");
f.title=s.getAttribute("data-title")||"Hài lòng";f.loading="lazy";f.style.border="0";f.style.width="100%";f.style.maxWidth="22rem";
f.style.height=s.getAttribute("data-height")||"10rem";s.parentNode.insertBefore(f,s.nextSibling)})();
`
