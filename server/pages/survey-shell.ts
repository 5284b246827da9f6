import { isAsked } from '../../shared/answers'
import type { Catalog } from '../../shared/catalog'
import { FIRST_SCREEN_TEXTS } from '../../shared/messages/first-screen'
import { escapeHtml } from './escape-html'

/**
 * The top of the citizen page as the app will draw it, written by the server into `<div id="app">` of
 * /q/<counter>: the header, the counter and the first question. A phone on a weak link paints it as soon as
 * the HTML arrives, instead of after the JavaScript has come and run; the app then mounts over it with the
 * same markup and classes (client/App.vue, pages/SurveyPage.vue, components/survey/SurveyQuestion.vue), so
 * nothing moves. Vietnamese, the page's default language, in the app's words (shared/messages/first-screen.ts).
 * tests/e2e/survey-shell.test.ts checks that the shell and the app put these elements in the same place.
 */


// The brand mark of App.vue.
const BRAND_SVG =
  '<svg viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false"><rect width="64" height="64" rx="14" fill="#fff"></rect>' +
  '<path d="M18 36c3 8 9 12 14 12s11-4 14-12" stroke="#0b5394" stroke-width="6" fill="none" stroke-linecap="round"></path>' +
  '<circle cx="23" cy="24" r="4" fill="#0b5394"></circle><circle cx="41" cy="24" r="4" fill="#0b5394"></circle></svg>'

/** The shell for a counter, or null when the counter or its questionnaire is unknown (the app explains). */
export function surveyShell(catalog: Catalog, counterCode: string, procedureCode: string | null): string | null {
  const counter = catalog.counters.find((c) => c.code === counterCode)
  const questionnaire = counter && catalog.questionnaires.find((q) => q.key === counter.questionnaireKey)
  if (!counter || !questionnaire) return null
  const first = questionnaire.questions.find((q) => isAsked(q, {}))
  const factor = first?.factor === undefined ? undefined : questionnaire.factors?.find((f) => f.id === first.factor)
  const ownerCode = catalog.procedures.find((p) => p.code === procedureCode)?.unitCode ?? counter.unitCode
  const unit = catalog.units.find((u) => u.code === ownerCode)
  const text = escapeHtml
  return (
    `<header class="topbar"><span class="brand">${BRAND_SVG} ${text(FIRST_SCREEN_TEXTS.appName.vi)}</span>` +
    `<button type="button" class="lang-switch" lang="en" aria-label="${text(FIRST_SCREEN_TEXTS.switchToLabel.vi)}">${text(FIRST_SCREEN_TEXTS.switchTo.vi)}</button></header>` +
    '<main class="page"><header class="place">' +
    `<p class="kicker">${text(catalog.agency.vi)}</p><h1>${text(counter.name.vi)}</h1><p class="where">${text(counter.location.vi)}</p>` +
    (unit ? `<p class="where">${text(FIRST_SCREEN_TEXTS.unit.vi.replace('{name}', unit.name.vi))}</p>` : '') +
    '</header><div class="status"></div>' +
    `<form class="survey" novalidate><h2>${text(questionnaire.title.vi)}</h2>` +
    (factor ? `<h3 class="factor-title">${text(factor.title.vi)}</h3>` : '') +
    (first ? `<fieldset class="question"><legend>${text(first.text.vi)}</legend></fieldset>` : '') +
    '</form></main>'
  )
}

/** The HTML with the shell inside its (empty) app element. */
export function withSurveyShell(html: string, shell: string | null): string {
  return shell === null ? html : html.replace('<div id="app"></div>', `<div id="app">${shell}</div>`)
}
