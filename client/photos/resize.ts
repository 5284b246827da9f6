import { MAX_PHOTO_BYTES, PHOTO_MAX_EDGE_PX } from '../../shared/feedback'
import { hasPhotoMetadata } from './jpeg'

export interface Size {
  width: number
  height: number
}

/** The size that fits `maxEdge` on the long edge with the same proportions; a small photo is never enlarged. */
export function fitWithin({ width, height }: Size, maxEdge: number): Size {
  const scale = Math.min(1, maxEdge / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export interface DecodedPhoto extends Size {
  close(): void
}

/** Decoding and encoding, apart from the sizing rules so that those can be tested without a browser. */
export interface PhotoCodec<Decoded extends DecodedPhoto> {
  decode(file: Blob): Promise<Decoded>
  /** Draws the photo at `size` and encodes it as JPEG at `quality` (0–1). */
  encode(decoded: Decoded, size: Size, quality: number): Promise<Blob>
}

export type PhotoProblem = 'unreadable' | 'too_large' | 'metadata'

export class PhotoError extends Error {
  constructor(readonly problem: PhotoProblem) {
    super(`photo: ${problem}`)
  }
}

export interface ResizedPhoto extends Size {
  blob: Blob
}

/** Tried in turn until the photo fits in MAX_PHOTO_BYTES: a busy 1600 px photo at 0.8 is rarely above 1 MB. */
export const ENCODE_ATTEMPTS: readonly { edge: number; quality: number }[] = [
  { edge: 1, quality: 0.8 },
  { edge: 1, quality: 0.65 },
  { edge: 0.75, quality: 0.65 },
  { edge: 0.5, quality: 0.6 },
]

interface CanvasPhoto extends DecodedPhoto {
  image: CanvasImageSource
}

async function decodeWithImage(file: Blob): Promise<CanvasPhoto> {
  const url = URL.createObjectURL(file)
  const image = new Image()
  image.src = url
  try {
    await image.decode()
  } catch (error) {
    URL.revokeObjectURL(url)
    throw error
  }
  return { image, width: image.naturalWidth, height: image.naturalHeight, close: () => URL.revokeObjectURL(url) }
}

/** The browser's own decoder and a canvas. */
export const canvasCodec: PhotoCodec<CanvasPhoto> = {
  async decode(file) {
    if (typeof createImageBitmap === 'function') {
      try {
        // Upright as the camera's orientation tag says, before that tag goes with the rest of the metadata.
        const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
        return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() }
      } catch {
        // Some browsers decode more formats through <img> than through createImageBitmap.
      }
    }
    return decodeWithImage(file)
  },
  encode({ image }, { width, height }, quality) {
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) return Promise.reject(new Error('no 2d canvas'))
    context.imageSmoothingQuality = 'high'
    // JPEG has no transparency: a screenshot's clear parts would otherwise turn black.
    context.fillStyle = '#fff'
    context.fillRect(0, 0, width, height)
    context.drawImage(image, 0, 0, width, height)
    return new Promise((resolve, reject) => {
      canvas.toBlob((blob) => {
        // Release the pixels now: a phone holds little memory, and three photos are decoded in turn.
        canvas.width = 0
        canvas.height = 0
        if (blob) resolve(blob)
        else reject(new Error('the canvas could not encode a JPEG'))
      }, 'image/jpeg', quality)
    })
  },
}

/**
 * The photo as it leaves the phone: at most `maxEdge` pixels on its long edge, re-encoded as JPEG, at most
 * `maxBytes`. Re-encoding through a canvas keeps only the pixels, so the Exif block (GPS position, camera
 * make and serial, time) and any XMP or IPTC block are gone; the result is checked all the same, since a
 * photo that kept them must never be queued.
 */
export async function resizePhoto<Decoded extends DecodedPhoto>(
  file: Blob,
  codec: PhotoCodec<Decoded>,
  { maxEdge = PHOTO_MAX_EDGE_PX, maxBytes = MAX_PHOTO_BYTES }: { maxEdge?: number; maxBytes?: number } = {},
): Promise<ResizedPhoto> {
  let decoded: Decoded
  try {
    decoded = await codec.decode(file)
  } catch {
    throw new PhotoError('unreadable')
  }
  try {
    if (decoded.width < 1 || decoded.height < 1) throw new PhotoError('unreadable')
    for (const attempt of ENCODE_ATTEMPTS) {
      const size = fitWithin(decoded, Math.round(maxEdge * attempt.edge))
      const blob = await codec.encode(decoded, size, attempt.quality)
      if (blob.size > maxBytes) continue
      if (hasPhotoMetadata(new Uint8Array(await blob.arrayBuffer()))) throw new PhotoError('metadata')
      return { blob, ...size }
    }
    throw new PhotoError('too_large')
  } finally {
    decoded.close()
  }
}
