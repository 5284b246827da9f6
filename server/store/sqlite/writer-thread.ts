import type { Worker } from 'node:worker_threads'
import type { PreparedResponse } from '../prepared-response'
import type { InsertStatus } from '../store'
import { startTsWorker } from '../../ts-worker'
import { toRows } from './writer-core'
import type { WriterReply, WriterRequest } from './writer-messages'

export interface WriterThread {
  /** Stores the items in one transaction on the writer thread; resolves after its fsync. */
  write(items: PreparedResponse[]): Promise<InsertStatus[]>
  close(): Promise<void>
}

/**
 * Starts the thread that owns the writing connection to the database at `path` (a file: an in-memory
 * database cannot be shared between threads). Should the thread die, the writes in flight fail (their
 * callers answer 503 and the devices resend, which the ids make safe) and the next write starts a new one.
 */
export function startWriterThread(path: string): WriterThread {
  let worker: Worker | undefined
  let seq = 0
  const pending = new Map<number, { resolve: (statuses: InsertStatus[]) => void; reject: (error: Error) => void }>()

  function failAll(error: Error): void {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
    worker = undefined
  }

  function thread(): Worker {
    if (worker) return worker
    // Started with the first write.
    const started = startTsWorker(new URL('./writer-worker.ts', import.meta.url), { path })
    started.on('message', (reply: WriterReply) => {
      const p = pending.get(reply.seq)
      pending.delete(reply.seq)
      // Idle, the thread must not keep the process alive; with a write in flight it must.
      if (pending.size === 0) started.unref()
      if ('error' in reply) p?.reject(new Error(reply.error))
      else p?.resolve(reply.statuses)
    })
    started.on('error', (error) => failAll(error))
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the writer thread stopped (exit code ${code})`))
    })
    worker = started
    return started
  }

  function send(request: WriterRequest): Promise<InsertStatus[]> {
    const port = thread()
    return new Promise((resolve, reject) => {
      pending.set(request.seq, { resolve, reject })
      port.ref()
      port.postMessage(request)
    })
  }

  return {
    // Flat rows rather than the objects: cheaper to clone (see toRows).
    write: (items) => send({ seq: ++seq, rows: toRows(items) }),
    async close() {
      if (!worker) return
      const closing = worker
      const exited = new Promise((resolve) => closing.once('exit', resolve))
      await send({ seq: ++seq, close: true })
      worker = undefined
      closing.ref() // until it has exited: the reply unref'd it
      await exited
    },
  }
}
