/**
 * The input convention of face-api's nets: RGB 0–255 minus face-api's mean colour, over 255.
 * Done in JS on the chip we have just sampled, instead of as three tensor kernels.
 * @module
 */

/** face-api's mean RGB, subtracted before the first layer of all its nets. */
export const FACE_API_MEAN_RGB = [122.782, 117.001, 104.298] as const;

/** `(rgb − mean) / 255` of an interleaved RGB float array, in place; returns the same array. */
export function normalizeRgb(rgb: Float32Array): Float32Array {
  const [r, g, b] = FACE_API_MEAN_RGB;
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = (rgb[i]! - r) / 255;
    rgb[i + 1] = (rgb[i + 1]! - g) / 255;
    rgb[i + 2] = (rgb[i + 2]! - b) / 255;
  }
  return rgb;
}
