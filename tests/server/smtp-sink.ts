import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A mail as the sink received it, decoded. */
export interface SunkMail {
  to: string[]
  from: string
  subject: string
  text: string
  html: string
}

export type SinkMode = 'ok' | 'refuse'

/**
 * A local SMTP server on 127.0.0.1 and a free port for the tests: no TLS, no authentication; it keeps every
 * mail it accepts, decoded (mailparser), or refuses each with a temporary 451 while `refuse`. `stop` and
 * `start` take it down and bring it back on the same port: a mail server that was down.
 */
export async function startSmtpSink() {
  const mails: SunkMail[] = []
  let mode: SinkMode = 'ok'
  let port = 0
  let server: SMTPServer | undefined

  async function start() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          if (mode === 'refuse') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            })
            callback()
          }, callback)
        })
      },
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    port = (server.server.address() as AddressInfo).port
  }
  async function stop() {
    await new Promise<void>((resolve) => server!.close(() => resolve()))
  }
  await start()
  return {
    mails,
    get url() {
      return `smtp://127.0.0.1:${port}`
    },
    set mode(m: SinkMode) {
      mode = m
    },
    start,
    stop,
  }
}
