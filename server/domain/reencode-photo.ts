import sharp, { type Metadata, type Sharp } from 'sharp'
import { MAX_PHOTO_BYTES, PHOTO_MAX_EDGE_PX, type PhotoRef } from '../../shared/feedback'

type PhotoType = PhotoRef['contentType']

/**
 * The most pixels the server decodes in one photo, read from the header before any pixel is. Our page sends
 * at most 1600 × 1600 (2.6 MP); a phone's own camera file is 12 MP (4032 × 3024) or 24 MP (5712 × 4284) and a
 * 36 MP camera's 7360 × 4912, all below (a full-sensor 48 MP file hardly fits in 2 MB anyway). A decompression
 * bomb declares far more in a few kilobytes: a PNG of 20000 × 20000 = 400 MP fits in 49 kB. At 40 MP one
 * decode holds at most 160 MB of 8-bit RGBA, and usually far less: JPEG is shrunk while it is decoded.
 */
export const PHOTO_MAX_INPUT_PIXELS = 40_000_000

/**
 * Tried in turn until the photo fits MAX_PHOTO_BYTES, which the table enforces too. The first nearly always
 * does: our page sends 1600 px at quality 0.8. PNG has no quality: only its edge shrinks.
 */
// One thread per photo: with libvips' default (a thread per core) one photo takes both cores of a small
// server and the event loop waits behind it. Photos are handled a few at a time (routes/feedback.ts), one
// per address, so one address's photos hold at most one core.
sharp.concurrency(1)

const ATTEMPTS: readonly { edge: number; quality: number }[] = [
  { edge: PHOTO_MAX_EDGE_PX, quality: 85 },
  { edge: 1200, quality: 75 },
  { edge: 800, quality: 70 },
]

const FORMAT: Record<PhotoType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' }

// Each photo leaves as the type it came in; sharp writes no metadata unless told to keep it.
const ENCODE: Record<PhotoType, (image: Sharp, quality: number) => Sharp> = {
  'image/jpeg': (image, quality) => image.jpeg({ quality }),
  'image/png': (image) => image.png(),
  'image/webp': (image, quality) => image.webp({ quality }),
}

export type ReencodedPhoto =
  | { ok: true; bytes: Buffer }
  | { ok: false; code: 'photo_unreadable' | 'photo_too_many_pixels' | 'photo_too_large'; message: string }

/**
 * Decodes a photo and encodes its pixels again, upright and at most PHOTO_MAX_EDGE_PX on its long edge, so
 * that nothing the sender put beside the pixels (Exif with the GPS position, XMP, IPTC, comments, ICC
 * profile, trailing bytes) reaches the store, whatever the client did. Runs in libuv's thread pool.
 */
export async function reencodePhoto(bytes: Buffer, contentType: PhotoType): Promise<ReencodedPhoto> {
  const unreadable = { ok: false, code: 'photo_unreadable', message: `does not decode as ${contentType} (damaged, cut short or not an image)` } as const
  let header: Metadata
  try {
    // The header only, no pixel decoded: the limit is checked here rather than by sharp so that the
    // answer can give the size.
    header = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    return unreadable
  }
  if (header.format !== FORMAT[contentType]) return unreadable
  if (header.width * header.height > PHOTO_MAX_INPUT_PIXELS) {
    return { ok: false, code: 'photo_too_many_pixels', message: `is ${header.width} × ${header.height} pixels; at most ${PHOTO_MAX_INPUT_PIXELS} pixels are read` }
  }
  for (const { edge, quality } of ATTEMPTS) {
    let output: Buffer
    try {
      // failOn 'warning' (sharp's advice for untrusted input): a file the decoder had to patch up, such as
      // a JPEG whose scan holds text, is refused, not stored as grey blocks. autoOrient turns the pixels
      // upright by the Exif orientation before that tag goes with the rest.
      const image = sharp(bytes, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'warning' })
        .autoOrient()
        .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
      output = await ENCODE[contentType](image, quality).toBuffer()
    } catch {
      return unreadable
    }
    if (output.length <= MAX_PHOTO_BYTES) return { ok: true, bytes: output }
  }
  return { ok: false, code: 'photo_too_large', message: `is still over ${MAX_PHOTO_BYTES} bytes (2 MB) when re-encoded at ${ATTEMPTS.at(-1)!.edge} px` }
}
