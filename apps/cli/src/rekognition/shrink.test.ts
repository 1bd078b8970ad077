import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitForBytes, MAX_INLINE_BYTES } from './shrink.js';

describe('fitForBytes', () => {
  it('leaves small photos alone and shrinks large ones under 5 MB', async () => {
    const small = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    expect(await fitForBytes(small)).toBe(small);

    // Noise does not compress: a 2000×1500 PNG of it is far over 5 MB.
    const noise = new Uint8Array(2000 * 1500 * 3).map(() => Math.floor(Math.random() * 256));
    const big = await sharp(noise, { raw: { width: 2000, height: 1500, channels: 3 } })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(MAX_INLINE_BYTES);
    const fitted = await fitForBytes(new Uint8Array(big));
    expect(fitted.length).toBeLessThanOrEqual(MAX_INLINE_BYTES);
    const meta = await sharp(fitted).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1920, 1440]);

    const junk = new Uint8Array(MAX_INLINE_BYTES + 1);
    expect(await fitForBytes(junk)).toBe(junk);
  });
});
