/**
 * Phone photos are often larger than the 5 MB Rekognition accepts as Image.Bytes: such a
 * photo is re-encoded (EXIF orientation applied, at most 1920 px on its long side, JPEG) before
 * it is sent, as one would before calling Amazon's Rekognition.
 * @module
 */

/** Rekognition's limit for Image.Bytes. */
export const MAX_INLINE_BYTES = 5 * 1024 * 1024;
const LONG_SIDE = 1920;

/** The photo as it is when small enough, else a smaller JPEG of it (or as it is, if not decodable). */
export async function fitForBytes(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length <= MAX_INLINE_BYTES) return bytes;
  const { default: sharp } = await import('sharp');
  try {
    const out = await sharp(bytes)
      .rotate()
      .resize({ width: LONG_SIDE, height: LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return bytes; // not an image sharp reads: let the server say what is wrong with it
  }
}
