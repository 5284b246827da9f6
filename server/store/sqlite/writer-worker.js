// The writer thread (started by writer-thread.ts): it owns the connection that stores responses, so the
// fsync of each commit blocks this thread only while the main thread goes on reading the next requests.
// Plain JavaScript for the reason given in writer-core.js.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { configure, rowWriter } from './writer-core.js'

if (!parentPort) throw new Error('writer-worker.js runs only as a worker thread')
const port = parentPort
const db = new Database(workerData.path, { fileMustExist: true })
configure(db)
const write = rowWriter(db)

// Requests are { seq, rows } (see toRows in writer-core.js) or { seq, close: true }; replies { seq, statuses }
// or { seq, error }.
port.on('message', (request) => {
  if (request.close) {
    db.close()
    port.postMessage({ seq: request.seq, statuses: [] })
    port.close()
    return
  }
  try {
    port.postMessage({ seq: request.seq, statuses: write(request.rows) })
  } catch (error) {
    port.postMessage({ seq: request.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
