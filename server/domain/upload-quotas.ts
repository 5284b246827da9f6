import { statfsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Config } from '../config'
import { type AllowanceStore, type Bucket, secondsUntil, type Spend } from '../store/allowance-store'

const MB = 1024 * 1024
const HOUR = 3_600_000
/** The key of the allowance all addresses share. */
const ALL = 'all'

/** Why an upload is refused now: 429 for one address over its share, 507 when the server has no room. */
export interface QuotaRefusal {
  status: 429 | 507
  code: 'upload_quota' | 'storage_full'
  message: string
  retryAfter: number
}

/** Bytes free where the database file lives, or undefined when that cannot be told (another store). */
export function freeBytesBeside(databaseUrl: string): number | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined
  try {
    const stats = statfsSync(dirname(resolve(databaseUrl.slice('sqlite:'.length))))
    return stats.bavail * stats.bsize
  } catch {
    return undefined
  }
}

/**
 * What public uploads (POST /api/feedback) may store: per address an hour's megabytes and items, all
 * addresses together an hour's megabytes, and never a photo when the disk is nearly full. Ten requests
 * from one address used to store 60 MB in 5 s. The allowances are spent with what was actually stored,
 * after the store answered, so a refusal costs the sender nothing it could resend; a request that starts
 * within an allowance may end past it, and the next one waits. The allowances are the store's
 * (store.allowances): every instance on one database counts the same hour.
 */
export class UploadQuotas {
  private readonly bytesPerAddress: Bucket
  private readonly itemsPerAddress: Bucket
  private readonly bytesOverall: Bucket
  private free: { bytes: number | undefined; at: number } | undefined

  constructor(
    private readonly config: Config,
    /** Free bytes beside the database; tests give their own. */
    private readonly freeBytes: () => number | undefined = () => freeBytesBeside(config.DATABASE_URL),
  ) {
    this.bytesPerAddress = { name: 'upload:bytes', capacity: config.UPLOAD_MB_PER_HOUR_PER_ADDRESS * MB, periodMs: HOUR }
    this.itemsPerAddress = { name: 'upload:items', capacity: config.UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS, periodMs: HOUR }
    this.bytesOverall = { name: 'upload:bytes-overall', capacity: config.UPLOAD_MB_PER_HOUR * MB, periodMs: HOUR }
  }

  /** Before any work: whether this address, or everyone, has used the hour's allowance. */
  async beforeUpload(allowances: AllowanceStore, client: string, now = Date.now()): Promise<QuotaRefusal | undefined> {
    const [bytes, items, overall] = (await allowances.available(
      [
        { bucket: this.bytesPerAddress, key: client },
        { bucket: this.itemsPerAddress, key: client },
        { bucket: this.bytesOverall, key: ALL },
      ],
      now,
    )) as [number, number, number]
    if (bytes <= 0 || items < 1) {
      const retryAfter = Math.max(secondsUntil(this.bytesPerAddress, bytes, 1), secondsUntil(this.itemsPerAddress, items, 1))
      return {
        status: 429,
        code: 'upload_quota',
        message: `This address has sent as much feedback as it may in an hour; retry in ${retryAfter} s`,
        retryAfter,
      }
    }
    if (overall <= 0) {
      return {
        status: 507,
        code: 'storage_full',
        message: 'The server has taken as many uploads as it may this hour; retry later',
        retryAfter: secondsUntil(this.bytesOverall, overall, 1),
      }
    }
    return undefined
  }

  /** Once the photos are known: refused while the disk is nearly full. Items without photos still pass. */
  beforePhotos(now = Date.now()): QuotaRefusal | undefined {
    if (!this.free || now - this.free.at > 5000) this.free = { bytes: this.freeBytes(), at: now }
    const { bytes } = this.free
    if (bytes === undefined || bytes >= this.config.MIN_FREE_DISK_MB * MB) return undefined
    console.error(`refusing photos: ${Math.floor(bytes / MB)} MB free beside the database, below MIN_FREE_DISK_MB=${this.config.MIN_FREE_DISK_MB}`)
    return { status: 507, code: 'storage_full', message: 'The server is short of disk space for photos; retry later', retryAfter: 3600 }
  }

  /** After the store answered: what was stored, as the spends of the allowances (spent with others in one call). */
  spends(client: string, bytes: number, items: number): Spend[] {
    return [
      { bucket: this.bytesPerAddress, key: client, amount: bytes },
      { bucket: this.itemsPerAddress, key: client, amount: items },
      { bucket: this.bytesOverall, key: ALL, amount: bytes },
    ]
  }
}
