// `npm run cluster [-- --instances 2 --port 8080]`: PostgreSQL, two or more instances of the built server
// (`npm run build` first) and nginx in front of them (deploy/hailong.nginx.conf), all on this machine and all
// thrown away on Ctrl-C — for trying the scale-out set-up, not for production (see README, PostgreSQL).
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Client } from 'pg'
import { postgresBinDir, POSTGRES_MISSING } from './postgres-binaries'
import { startCluster } from './postgres-cluster'

const ROOT = join(import.meta.dirname, '..')
const SERVER = join(ROOT, 'dist-server', 'server', 'index.js')

export interface LocalCluster {
  url: string
  instancePorts: number[]
  /** The PostgreSQL URL the instances share. */
  databaseUrl: string
  instances: ChildProcess[]
  /** Stops instance `i` with `signal` (SIGKILL: as a crash would). */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>
  stop(): Promise<void>
}

async function waitForHealth(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${what} did not answer ${url}/api/health within 60 s`)
}

/** nginx's own file around the site file, with every path it writes inside `dir`. */
function nginxConf(dir: string, site: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${site};
}
`
}

/** The site file of deploy/ with this machine's paths and ports. */
function siteConf(port: number, instancePorts: number[]): string {
  const template = readFileSync(join(ROOT, 'deploy', 'hailong.nginx.conf'), 'utf8')
  const upstream = instancePorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')
  return template
    .replace(/( {4}server 127\.0\.0\.1:\d+ [^\n]*\n)+/, `${upstream}\n`)
    .replace(/listen \d+;/, `listen 127.0.0.1:${port};`)
    .replace('/srv/hailong/dist', join(ROOT, 'dist'))
}

export interface ClusterOptions {
  instances: number
  /** nginx's port; the instances take the ports after it unless `instancePorts` names them. */
  port: number
  instancePorts?: number[]
  /** More environment for the instances. */
  env?: Record<string, string>
  /** The instances' output dropped (the benches), not passed through. */
  quiet?: boolean
  /** PostgreSQL with fsync and synchronous commit, as in production (postgres-cluster.ts); the tests go without. */
  durable?: boolean
}

export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  if (!existsSync(SERVER) || !existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('run `npm run build` first')
  const bin = postgresBinDir()
  if (!bin) throw new Error(POSTGRES_MISSING)
  const pg = startCluster(bin, { durable: options.durable })
  const children: ChildProcess[] = []
  const dir = mkdtempSync('/tmp/hailong-nginx-')
  // Should this process end without stop() (an uncaught error), nothing it started is left running.
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL')
  }
  process.once('exit', killAll)
  const stop = async () => {
    process.off('exit', killAll)
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)))
    pg.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const admin = new Client({ connectionString: pg.adminUrl })
    await admin.connect()
    await admin.query('CREATE DATABASE hailong')
    await admin.end()
    const databaseUrl = new URL(pg.adminUrl)
    databaseUrl.pathname = '/hailong'
    const instancePorts = options.instancePorts ?? Array.from({ length: options.instances }, (_, i) => options.port + 1 + i)
    for (const port of instancePorts) {
      const child = spawn(process.execPath, [SERVER], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: 'true', DATABASE_URL: databaseUrl.toString(), STATIC_DIR: join(ROOT, 'dist'), ...options.env },
        stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit'],
      })
      children.push(child)
      // One at a time: the first migrates and seeds, the others find it done (the advisory lock would also do).
      await waitForHealth(`http://127.0.0.1:${port}`, child, `instance on port ${port}`)
    }
    writeFileSync(join(dir, 'site.conf'), siteConf(options.port, instancePorts))
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, join(dir, 'site.conf')))
    const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] })
    children.push(nginx)
    const url = `http://127.0.0.1:${options.port}`
    await waitForHealth(url, nginx, 'nginx')
    const instances = children.slice(0, options.instances)
    return {
      url,
      instancePorts,
      databaseUrl: databaseUrl.toString(),
      instances,
      async kill(i, signal = 'SIGKILL') {
        const child = instances[i]!
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((r) => child.once('exit', r))
        child.kill(signal)
        await exited
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { instances: { type: 'string', default: '2' }, port: { type: 'string', default: '8080' } } })
  const cluster = await startLocalCluster({ instances: Number(values.instances), port: Number(values.port), durable: true })
  console.log(`hailong cluster: ${cluster.url} — nginx in front of ${cluster.instancePorts.length} instances (ports ${cluster.instancePorts.join(', ')}) on one PostgreSQL. Ctrl-C stops and removes everything.`)
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void cluster.stop().then(() => process.exit(0))
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop)
  // `npm run cluster` stopped with a signal to npm: npm ends without passing it on, and this process would
  // keep PostgreSQL, the instances and nginx running under init. Its parent gone, it stops them too.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop()
  }, 1000).unref()
}
