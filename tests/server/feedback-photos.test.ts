import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jpegSegments } from '../../client/photos/jpeg'
import { PHOTO_MAX_INPUT_PIXELS } from '../../server/domain/reencode-photo'
import { feedbackItem, photo, postFeedback } from './feedback-fixtures'
import { cameraJpeg, exifTags, GPS_IFD_TAG, imageBytes, pngBomb, textBehindJpegHeader, withPngText } from './photo-fixtures'
import { detail, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

// Photos posted straight to the API, as any client other than our page could: what staff get back is what
// the server re-encoded, never what was sent.

let w: StaffWorld
beforeAll(async () => {
  w = await staffWorld()
})
afterAll(() => w.t.close())

/** Posts one item with these photos and fetches them back as staff do, through the staff photo endpoint. */
async function postAndFetch(photos: ReturnType<typeof photo>[]): Promise<{ contentType: string | null; bytes: Buffer }[]> {
  const item = feedbackItem({ photos })
  const [result] = await postFeedback(w.t.app, [item])
  expect(result).toMatchObject({ status: 'stored' })
  const { photos: stored } = await detail(w.t, w.sessions.leader, item.id)
  return Promise.all(
    stored.map(async (p) => {
      const got = await staffRequest(w.t.app, 'GET', p.url, w.sessions.leader)
      expect(got.status).toBe(200)
      const bytes = Buffer.from(await got.arrayBuffer())
      expect(p.size).toBe(bytes.length)
      return { contentType: got.headers.get('content-type'), bytes }
    }),
  )
}

/** Whatever metadata sharp finds in an image, by kind. */
async function metadataIn(bytes: Buffer) {
  const m = await sharp(bytes).metadata()
  return { exif: m.exif !== undefined, xmp: m.xmp !== undefined, iptc: m.iptc !== undefined, icc: m.icc !== undefined, comments: m.comments !== undefined, orientation: m.orientation }
}
const NO_METADATA = { exif: false, xmp: false, iptc: false, icc: false, comments: false, orientation: undefined }

const storedPhotoCount = () => w.t.count('feedback_photos')

describe('POST /api/feedback: photos are decoded and re-encoded', () => {
  it('post /api/feedback strips GPS Exif, XMP, IPTC and comments from a JPEG, turning it upright first', async () => {
    const sent = await cameraJpeg()
    // The fixture really carries them: GPS in its Exif, orientation 6, XMP, IPTC and a comment segment.
    const before = await sharp(sent).metadata()
    expect(exifTags(before.exif!)).toContain(GPS_IFD_TAG)
    expect(await metadataIn(sent)).toMatchObject({ exif: true, xmp: true, iptc: true, orientation: 6 })
    expect([before.width, before.height]).toEqual([40, 20])
    expect(jpegSegments(sent).map((s) => s.marker)).toContain(0xfe)

    const [got] = await postAndFetch([photo(sent)])
    expect(got!.contentType).toBe('image/jpeg')
    expect(await metadataIn(got!.bytes)).toEqual(NO_METADATA)
    // Nothing but the image itself and the JFIF header: no APP1–APP15 (Exif, XMP, ICC, IPTC), no comment.
    expect(jpegSegments(got!.bytes).filter((s) => (s.marker >= 0xe1 && s.marker <= 0xef) || s.marker === 0xfe)).toEqual([])
    expect(got!.bytes.includes('Ha Tinh')).toBe(false)
    expect(got!.bytes.includes('105.907')).toBe(false)
    // Stored on its side with orientation 6: it comes back 20 wide and 40 high, as the camera meant it.
    const after = await sharp(got!.bytes).metadata()
    expect([after.width, after.height]).toEqual([20, 40])
  })

  it("post /api/feedback drops a PNG's tEXt chunk and a WebP's Exif and XMP, keeping each type", async () => {
    const png = withPngText(imageBytes('image/png'), 'Location', '18.342 N 105.907 E')
    const webp = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#804020' } })
      .webp()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '18/1 20/1 31/1' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
      .toBuffer()
    expect(await metadataIn(png)).toMatchObject({ comments: true })
    expect(await metadataIn(webp)).toMatchObject({ exif: true, xmp: true })

    const [gotPng, gotWebp] = await postAndFetch([photo(png, 'image/png'), photo(webp, 'image/webp')])
    expect([gotPng!.contentType, gotWebp!.contentType]).toEqual(['image/png', 'image/webp'])
    expect(await metadataIn(gotPng!.bytes)).toEqual(NO_METADATA)
    expect(await metadataIn(gotWebp!.bytes)).toEqual(NO_METADATA)
    expect(gotPng!.bytes.includes('105.907')).toBe(false)
    expect((await sharp(gotWebp!.bytes).metadata()).format).toBe('webp')
  })

  it('post /api/feedback stores a photo larger than 1600 px at 1600 px on its long edge', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#406080' } }).jpeg().toBuffer()
    const [got] = await postAndFetch([photo(big)])
    const after = await sharp(got!.bytes).metadata()
    expect([after.width, after.height]).toEqual([1600, 1200])
  })

  it('post /api/feedback refuses text behind a JPEG header, and a JPEG cut short, naming the field', async () => {
    const camera = await cameraJpeg()
    const scan = jpegSegments(camera).find((s) => s.marker === 0xda)!
    // A real JPEG header whose compressed image is text, with an end-of-image marker after it.
    const textAsScan = Buffer.concat([camera.subarray(0, scan.offset + scan.length), Buffer.from('not the image data. '.repeat(20)), Buffer.from([0xff, 0xd9])])
    const cutShort = camera.subarray(0, camera.length - 100)
    const items = [textBehindJpegHeader(), textAsScan, cutShort].map((bytes) => feedbackItem({ photos: [photo(bytes)] }))
    const photosBefore = await storedPhotoCount()
    const results = await postFeedback(w.t.app, items)
    for (const [index, result] of results.entries()) {
      expect(result).toMatchObject({ status: 'invalid', error: { code: 'photo_unreadable', path: `items.${index}.photos.0.data` } })
      expect(result.error!.message).toBe(`items.${index}.photos.0.data: does not decode as image/jpeg (damaged, cut short or not an image)`)
    }
    expect(await storedPhotoCount()).toBe(photosBefore)
  })

  it('post /api/feedback refuses a decompression bomb by the size its header declares', async () => {
    // 400 MP of one bit each in 49 kB, at least 400 MB decoded. This answer comes from reading the header
    // (sharp's metadata()), before any decoding.
    const bomb = pngBomb(20000, 20000)
    expect(bomb.length).toBeLessThan(64 * 1024)
    const photosBefore = await storedPhotoCount()
    const [result] = await postFeedback(w.t.app, [feedbackItem({ photos: [photo(bomb, 'image/png')] })])
    expect(result).toMatchObject({ status: 'invalid', error: { code: 'photo_too_many_pixels', path: 'items.0.photos.0.data' } })
    expect(result!.error!.message).toBe(`items.0.photos.0.data: is 20000 × 20000 pixels; at most ${PHOTO_MAX_INPUT_PIXELS} pixels are read`)
    expect(await storedPhotoCount()).toBe(photosBefore)
  })

  it('post /api/feedback keeps a resent photo a duplicate: the idempotency hash is over the bytes as sent', async () => {
    const item = feedbackItem({ photos: [photo(await cameraJpeg())] })
    expect((await postFeedback(w.t.app, [item]))[0]!.status).toBe('stored')
    expect((await postFeedback(w.t.app, [item]))[0]!.status).toBe('duplicate')
  })
})
