/**
 * Shrinks a phone photo before it travels over a cellular link: applies the EXIF orientation,
 * scales the long side down to at most 1280 px and re-encodes as JPEG. A 12-megapixel photo
 * of 4–8 MB usually becomes 100–300 KB, which is plenty for face search.
 * @module
 */

export const MAX_SIDE = 1280;
export const JPEG_QUALITY = 0.85;

export interface PreparedImage {
  /** `data:image/jpeg;base64,...`, as the Search API's `image_base64str` takes it. */
  dataUrl: string;
  /** The same JPEG, for showing the photo the box coordinates refer to. */
  blob: Blob;
  width: number;
  height: number;
}

/** Target size for a picture of w×h so that its long side is at most `max`. */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

async function decode(source: Blob): Promise<ImageBitmap | HTMLImageElement> {
  try {
    // 'from-image' applies the EXIF orientation tag, so a portrait shot stays upright.
    return await createImageBitmap(source, { imageOrientation: 'from-image' });
  } catch {
    // Older browsers: an <img> also honours EXIF orientation (CSS image-orientation: from-image).
    const url = URL.createObjectURL(source);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return img;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('encode failed'))),
      'image/jpeg',
      quality,
    );
  });
}

function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/** Decodes, orients, downscales and re-encodes a photo (from a file input or the camera). */
export async function prepareImage(source: Blob | HTMLCanvasElement): Promise<PreparedImage> {
  const pic = source instanceof HTMLCanvasElement ? source : await decode(source);
  const w = pic instanceof HTMLImageElement ? pic.naturalWidth : pic.width;
  const h = pic instanceof HTMLImageElement ? pic.naturalHeight : pic.height;
  const { width, height } = fitWithin(w, h);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(pic, 0, 0, width, height);
  if (typeof ImageBitmap !== 'undefined' && pic instanceof ImageBitmap) pic.close();
  const blob = await toBlob(canvas, JPEG_QUALITY);
  return { dataUrl: await toDataUrl(blob), blob, width, height };
}
