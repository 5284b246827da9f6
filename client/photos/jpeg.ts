/** Reading the marker segments of a JPEG: enough to tell whether a file still carries metadata. */

export interface JpegSegment {
  /** The marker's second byte: 0xE1 is APP1 (Exif, XMP), 0xC0–0xC3 a frame header, … */
  marker: number
  /** Where the segment's data starts (after marker and length). */
  offset: number
  length: number
}

/** The segments before the image data (SOS), in order. Empty for bytes that are not a JPEG. */
export function jpegSegments(bytes: Uint8Array): JpegSegment[] {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return []
  const segments: JpegSegment[] = []
  let at = 2
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!
    segments.push({ marker, offset: at + 4, length: length - 2 })
    // Start of scan: compressed data follows, no more metadata segments to read.
    if (marker === 0xda) break
    at += 2 + length
  }
  return segments
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00] // "Exif\0\0"

/** Whether the JPEG holds an APP1 Exif segment: where phones write GPS position, camera and time. */
export function hasExif(bytes: Uint8Array): boolean {
  return jpegSegments(bytes).some(
    (segment) => segment.marker === 0xe1 && EXIF_HEADER.every((byte, i) => bytes[segment.offset + i] === byte),
  )
}

/**
 * Whether the JPEG holds any segment that may carry where and with what it was taken: APP1 (Exif, XMP) or
 * APP13 (IPTC). A canvas writes only APP0 (JFIF) and the image itself.
 */
export function hasPhotoMetadata(bytes: Uint8Array): boolean {
  return jpegSegments(bytes).some((segment) => segment.marker === 0xe1 || segment.marker === 0xed)
}

/** Width and height from the frame header, or null when there is none. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  const frame = jpegSegments(bytes).find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker))
  if (!frame) return null
  const at = frame.offset
  return { height: (bytes[at + 1]! << 8) | bytes[at + 2]!, width: (bytes[at + 3]! << 8) | bytes[at + 4]! }
}
