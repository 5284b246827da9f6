import { createTransport, type Transporter } from 'nodemailer'
import type { Config } from '../config'

/**
 * The SMTP side of the e-mails (README "Notifications and e-mail (SMTP)"): one nodemailer transport from the
 * configuration, and a send that never throws and whose error names no one. A mail server's refusal often
 * quotes the address ("550 <name@example.org>: no such user"): only the error's code and the SMTP status
 * are kept, in the queue and in the log.
 */

export interface MailSettings {
  transport: Transporter
  from: string
  publicUrl: string
  /** HH:MM local time, or null: no digest. */
  digestTime: string | null
}

export interface SendOutcome {
  ok: boolean
  /** The error's code and SMTP status only (e.g. "EENVELOPE 550"), never its message. */
  error: string | null
  /** The mail server refused for good (a 5xx status): trying again will not help. */
  permanent: boolean
}

/** Whether a mail server is configured at all: without one nothing is queued nor sent. */
export function mailConfigured(config: Config): boolean {
  return config.SMTP_URL !== undefined || config.SMTP_HOST !== undefined
}

export function mailSettings(config: Config): MailSettings | null {
  if (!mailConfigured(config) || config.SMTP_FROM === undefined || config.PUBLIC_URL === undefined) return null
  const port = config.SMTP_PORT ?? 587
  const transport = createTransport({
    ...(config.SMTP_URL !== undefined
      ? { url: config.SMTP_URL }
      : {
          host: config.SMTP_HOST,
          port,
          ...(config.SMTP_USER !== undefined ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } } : {}),
        }),
    ...(config.SMTP_SECURE !== undefined ? { secure: config.SMTP_SECURE } : config.SMTP_URL === undefined ? { secure: port === 465 } : {}),
    requireTLS: config.SMTP_REQUIRE_TLS,
    tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // nodemailer's own logger would print envelopes (addresses): it stays off.
    logger: false,
  } as Parameters<typeof createTransport>[0])
  return { transport, from: config.SMTP_FROM, publicUrl: config.PUBLIC_URL, digestTime: config.MAIL_DIGEST_TIME === 'off' ? null : config.MAIL_DIGEST_TIME }
}

export async function sendMail(settings: MailSettings, mail: { to: string; subject: string; text: string; html: string }): Promise<SendOutcome> {
  try {
    await settings.transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
    return { ok: true, error: null, permanent: false }
  } catch (error) {
    const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
    const status = typeof responseCode === 'number' ? responseCode : null
    const name = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'ERROR'
    return { ok: false, error: status === null ? name : `${name} ${status}`, permanent: status !== null && status >= 500 }
  }
}
