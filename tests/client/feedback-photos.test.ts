import { describe, expect, it } from 'vitest'
import { hasExif, hasPhotoMetadata, jpegSegments, jpegSize } from '../../client/photos/jpeg'
import { ENCODE_ATTEMPTS, fitWithin, PhotoError, resizePhoto, type DecodedPhoto, type PhotoCodec, type Size } from '../../client/photos/resize'
import { MAX_PHOTO_BYTES, PHOTO_MAX_EDGE_PX } from '../../shared/feedback'

function segment(marker: number, data: number[]): number[] {
  const length = data.length + 2
  return [0xff, marker, length >> 8, length & 0xff, ...data]
}
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))
const APP0_JFIF = segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
// Exif with a TIFF header: enough for a reader to look for GPS tags in it.
const APP1_EXIF = segment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('MM'), 0, 42, 0, 0, 0, 8, 0, 0])
const APP1_XMP = segment(0xe1, [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii('<x:xmpmeta/>')])
const sof0 = (width: number, height: number) => segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])
const SOS = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0x34, 0xff, 0x00, 0x56]

function jpeg(...parts: number[][]): Uint8Array {
  return new Uint8Array([0xff, 0xd8, ...parts.flat(), 0xff, 0xd9])
}

describe('reading JPEG segments', () => {
  it('finds an Exif block, its frame size, and stops at the image data', () => {
    const bytes = jpeg(APP0_JFIF, APP1_EXIF, sof0(2400, 1800), SOS)
    expect(jpegSegments(bytes).map((s) => s.marker)).toEqual([0xe0, 0xe1, 0xc0, 0xda])
    expect(hasExif(bytes)).toBe(true)
    expect(hasPhotoMetadata(bytes)).toBe(true)
    expect(jpegSize(bytes)).toEqual({ width: 2400, height: 1800 })
  })

  it('tells a clean JPEG from one with Exif or XMP', () => {
    expect(hasExif(jpeg(APP0_JFIF, sof0(10, 10), SOS))).toBe(false)
    expect(hasPhotoMetadata(jpeg(APP0_JFIF, sof0(10, 10), SOS))).toBe(false)
    expect(hasExif(jpeg(APP0_JFIF, APP1_XMP, sof0(10, 10), SOS))).toBe(false)
    expect(hasPhotoMetadata(jpeg(APP0_JFIF, APP1_XMP, sof0(10, 10), SOS))).toBe(true)
  })

  it('reads nothing from bytes that are not a JPEG', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(jpegSegments(png)).toEqual([])
    expect(hasExif(png)).toBe(false)
    expect(jpegSize(png)).toBeNull()
  })
})

describe('fitWithin', () => {
  it('brings the long edge down to the limit and keeps the proportions', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 1600)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin({ width: 3000, height: 4000 }, 1600)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin({ width: 4032, height: 1816 }, 1600)).toEqual({ width: 1600, height: 721 })
  })

  it('never enlarges a small photo, and never makes an edge of 0', () => {
    expect(fitWithin({ width: 800, height: 600 }, 1600)).toEqual({ width: 800, height: 600 })
    expect(fitWithin({ width: 10_000, height: 2 }, 1600)).toEqual({ width: 1600, height: 1 })
  })
})

/** A codec that records what it was asked and answers with `output(size, quality)`. */
function fakeCodec(source: Size, output: (size: Size, quality: number) => Uint8Array, failDecode = false) {
  const calls: { size: Size; quality: number }[] = []
  let closed = 0
  const codec: PhotoCodec<DecodedPhoto> = {
    async decode() {
      if (failDecode) throw new Error('cannot decode')
      return { ...source, close: () => closed++ }
    },
    async encode(_decoded, size, quality) {
      calls.push({ size, quality })
      return new Blob([output(size, quality) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })
    },
  }
  return { codec, calls, closed: () => closed }
}

const clean = (size: Size) => jpeg(APP0_JFIF, sof0(size.width, size.height), SOS)

describe('resizePhoto', () => {
  it('encodes once at the largest allowed size and quality 0.8 when that fits', async () => {
    const fake = fakeCodec({ width: 4000, height: 3000 }, clean)
    const resized = await resizePhoto(new Blob(['camera bytes']), fake.codec)
    expect(fake.calls).toEqual([{ size: { width: PHOTO_MAX_EDGE_PX, height: 1200 }, quality: 0.8 }])
    expect(resized).toMatchObject({ width: 1600, height: 1200 })
    expect(jpegSize(new Uint8Array(await resized.blob.arrayBuffer()))).toEqual({ width: 1600, height: 1200 })
    expect(fake.closed()).toBe(1)
  })

  it('lowers quality, then size, until the photo fits the byte limit', async () => {
    // Too big unless smaller than 1000 px wide.
    const fake = fakeCodec({ width: 4000, height: 3000 }, (size) => new Uint8Array(size.width < 1000 ? 100 : MAX_PHOTO_BYTES + 1))
    const resized = await resizePhoto(new Blob(['x']), fake.codec)
    expect(fake.calls.map((c) => [c.size.width, c.quality])).toEqual([
      [1600, 0.8],
      [1600, 0.65],
      [1200, 0.65],
      [800, 0.6],
    ])
    expect(resized.width).toBe(800)
  })

  it('gives up with too_large when even the smallest attempt is over the limit', async () => {
    const fake = fakeCodec({ width: 2000, height: 2000 }, () => new Uint8Array(50), false)
    await expect(resizePhoto(new Blob(['x']), fake.codec, { maxBytes: 10 })).rejects.toMatchObject({ problem: 'too_large' })
    expect(fake.calls).toHaveLength(ENCODE_ATTEMPTS.length)
    expect(fake.closed()).toBe(1)
  })

  it('refuses an output that still carries Exif, rather than queue a photo with its location', async () => {
    const fake = fakeCodec({ width: 1000, height: 800 }, (size) => jpeg(APP0_JFIF, APP1_EXIF, sof0(size.width, size.height), SOS))
    const error = await resizePhoto(new Blob(['x']), fake.codec).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PhotoError)
    expect((error as PhotoError).problem).toBe('metadata')
  })

  it('says a file it cannot decode is unreadable', async () => {
    const fake = fakeCodec({ width: 1, height: 1 }, clean, true)
    await expect(resizePhoto(new Blob(['not a picture']), fake.codec)).rejects.toMatchObject({ problem: 'unreadable' })
  })
})
