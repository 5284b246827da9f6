// The writer thread (started by writer-thread.ts): it owns the connection that stores responses, so the
// fsync of each commit blocks this thread only while the main thread goes on reading the next requests.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { WriterReply, WriterRequest } from './writer-messages'
import { configure, rowWriter } from './writer-core'

if (!parentPort) throw new Error('writer-worker runs only as a worker thread')
const port = parentPort
const db = new Database((workerData as { path: string }).path, { fileMustExist: true })
configure(db)
const write = rowWriter(db)

function reply(message: WriterReply): void {
  port.postMessage(message)
}

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close()
    reply({ seq: request.seq, statuses: [] })
    port.close()
    return
  }
  try {
    reply({ seq: request.seq, statuses: write(request.rows) })
  } catch (error) {
    reply({ seq: request.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
