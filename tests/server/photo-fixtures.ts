import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'

// Real images for the tests that post photos: the server decodes every photo, so bytes that only start
// like an image are refused.

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'

const FLAT = { create: { width: 4, height: 2, channels: 3, background: '#336699' } } as const
/** The smallest image of each type: 4 × 2 pixels of one colour. */
const SMALLEST: Record<ImageType, Buffer> = {
  'image/jpeg': await sharp(FLAT).jpeg().toBuffer(),
  'image/png': await sharp(FLAT).png().toBuffer(),
  'image/webp': await sharp(FLAT).webp({ lossless: true }).toBuffer(),
}

/** A JPEG marker segment: FF, the marker, the length (itself included), the data. */
export function jpegSegment(marker: number, data: Buffer): Buffer {
  if (data.length > 65533) throw new Error('a JPEG segment holds at most 65533 bytes')
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(data.length + 2, 2)
  return Buffer.concat([head, data])
}

/** The JPEG with these segments put in after its start-of-image marker, where a camera writes its own. */
export function withJpegSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const PNG_IHDR_END = PNG_SIGNATURE.length + 25

/** The PNG with a tEXt chunk (keyword and Latin-1 text) after its header. */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const chunk = pngChunk('tEXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]))
  return Buffer.concat([png.subarray(0, PNG_IHDR_END), chunk, png.subarray(PNG_IHDR_END)])
}

/** Comment segments (COM) of `total` bytes in all, each at most 65537 bytes long. */
function jpegComments(total: number): Buffer[] {
  const segments: Buffer[] = []
  for (let left = total; left > 0; ) {
    let data = Math.min(left - 4, 65533)
    // Never leave less than one segment's 4 bytes of head for the next.
    if (left - 4 - data > 0 && left - 4 - data < 4) data -= 4
    if (data < 0) throw new Error(`a JPEG cannot grow by exactly ${left} bytes of comments`)
    segments.push(jpegSegment(0xfe, Buffer.alloc(data, 0x20)))
    left -= 4 + data
  }
  return segments
}

/** The lossless WebP with a chunk readers skip ("PAD ") after its image, `total` bytes in all. */
function webpWithPadding(webp: Buffer, total: number): Buffer {
  if (total < 8 || total % 2 !== 0) throw new Error('a WebP grows by an even number of bytes, at least 8')
  const chunk = Buffer.alloc(total)
  chunk.write('PAD ', 0, 'latin1')
  chunk.writeUInt32LE(total - 8, 4)
  const out = Buffer.concat([webp, chunk])
  out.writeUInt32LE(out.length - 8, 4)
  return out
}

/**
 * A real image of this type, `size` bytes long when given: the smallest one with comments added (JPEG COM
 * segments, a PNG tEXt chunk, a WebP chunk readers skip), which the server drops when it re-encodes.
 * `text/plain` gives text of that size.
 */
export function imageBytes(type: ImageType | 'text/plain', size?: number): Buffer {
  if (type === 'text/plain') return Buffer.from('just some text, not an image. '.repeat(Math.ceil((size ?? 64) / 30))).subarray(0, size ?? 64)
  const image = SMALLEST[type]
  const extra = (size ?? image.length) - image.length
  if (extra === 0) return Buffer.from(image)
  if (type === 'image/jpeg') return withJpegSegments(image, jpegComments(extra))
  if (type === 'image/png') {
    // A chunk's length, type and CRC, then the keyword and its terminating zero.
    const text = extra - 12 - 'Comment'.length - 1
    if (text < 0) throw new Error(`a PNG cannot grow by exactly ${extra} bytes of text`)
    return withPngText(image, 'Comment', ' '.repeat(text))
  }
  return webpWithPadding(image, extra)
}

/** Bytes that start like a JPEG (FF D8 FF) and go on as text. */
export function textBehindJpegHeader(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<?php echo "not a photo"; ?> and more text after it')])
}

/** An IPTC record in a Photoshop APP13 segment: the city where the photo was taken (dataset 2:90). */
function iptcSegment(city: string): Buffer {
  const value = Buffer.from(city, 'latin1')
  const record = Buffer.concat([Buffer.from([0x1c, 0x02, 90, 0, value.length]), value])
  const size = Buffer.alloc(4)
  size.writeUInt32BE(record.length, 0)
  const padded = record.length % 2 === 0 ? record : Buffer.concat([record, Buffer.from([0])])
  // "8BIM", resource 0x0404 (IPTC-NAA), an empty name padded to two bytes, the size, the record.
  return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM'), Buffer.from([0x04, 0x04, 0, 0]), size, padded]))
}

/**
 * A photo as a phone writes it: 40 × 20 pixels stored on their side with Exif orientation 6 (shown 20 wide
 * and 40 high), the GPS position of a house in Hà Tĩnh, the camera's make, XMP, an IPTC city and a comment.
 */
export async function cameraJpeg(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#6b8e23' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '18/1 20/1 31/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 54/1 27/1' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .toBuffer()
  return withJpegSegments(jpeg, [iptcSegment('Ha Tinh'), jpegSegment(0xfe, Buffer.from('Nha rieng, 18.342 N 105.907 E', 'latin1'))])
}

/** The tags of an Exif block's first directory (IFD0): 0x8825 points at the GPS directory. */
export function exifTags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0)
  const little = tiff.toString('latin1', 0, 2) === 'II'
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const ifd0 = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4)
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12))
}
export const GPS_IFD_TAG = 0x8825

/**
 * A decompression bomb: a PNG declaring width × height pixels of one bit each, all zero, which deflate
 * squeezes to a few kilobytes (20000 × 20000 = 400 MP in 49 kB).
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 1 // bit depth
  header[9] = 0 // greyscale
  // Each row: a filter byte and width bits.
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height)
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))])
}
