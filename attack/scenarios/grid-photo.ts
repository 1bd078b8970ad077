/**
 * The heavy photo of the fairness scenarios, built in memory: one face cut out of a photo
 * shipped in an npm package, tiled n × n (no dataset photo is ever copied into the project).
 * @module
 */
import sharp from 'sharp';

export interface FaceBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

/**
 * A JPEG of `n` × `n` copies of the face in `photo` at `box` (Rekognition-style ratios), each
 * cut with a margin and scaled to `cell` px square.
 */
export async function gridPhoto(
  photo: Uint8Array,
  box: FaceBox,
  n = 10,
  cell = 200,
): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(photo).rotate().metadata();
  const side = Math.max(box.Width * width, box.Height * height) * 1.6;
  const cx = (box.Left + box.Width / 2) * width;
  const cy = (box.Top + box.Height / 2) * height;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const extract = {
    left,
    top,
    width: Math.min(Math.round(side), width - left),
    height: Math.min(Math.round(side), height - top),
  };
  const tile = await sharp(photo)
    .rotate()
    .extract(extract)
    .resize(cell, cell, { fit: 'cover' })
    .jpeg({ quality: 90 })
    .toBuffer();
  const composites = [];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) composites.push({ input: tile, left: x * cell, top: y * cell });
  const out = await sharp({
    create: { width: n * cell, height: n * cell, channels: 3, background: '#808080' },
  })
    .composite(composites)
    .jpeg({ quality: 85 })
    .toBuffer();
  return new Uint8Array(out);
}
