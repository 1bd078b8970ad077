/**
 * Bad images, made in memory (nothing is committed): empty, truncated, random, formats
 * Rekognition refuses (GIF, TIFF, WebP, SVG), decompression bombs and header lies, and a huge
 * real PNG. Plus the face photos shipped with @vladmandic/face-api for the scenarios.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { repoRoot } from './target.js';

export interface BadImage {
  label: string;
  bytes: Buffer;
  contentType: string;
  /** Costs the engine seconds: sent only a few times. */
  heavy?: boolean;
}

/** Deterministic bytes (mulberry32), so a report can be reproduced. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(n: number, seed: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG whose IHDR says width×height (1-bit grey) with `idat` as its compressed data. */
function png(width: number, height: number, idat: Buffer, bitDepth = 1, colorType = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** 20000×20000 1-bit PNG of zeros: ~50 MB of scanlines deflated to a few tens of KB. */
function pngBomb(): Buffer {
  const side = 20000;
  const row = Buffer.alloc(1 + side / 8);
  const rows = Buffer.alloc(row.length * side);
  return png(side, side, deflateSync(rows, { level: 9 }));
}

/** A small JPEG whose SOF0 claims 65500×65500. */
function jpegDimensionLie(jpeg: Buffer): Buffer {
  const b = Buffer.from(jpeg);
  for (let i = 2; i < b.length - 9; i++) {
    if (b[i] === 0xff && (b[i + 1] === 0xc0 || b[i + 1] === 0xc2)) {
      b.writeUInt16BE(65500, i + 5);
      b.writeUInt16BE(65500, i + 7);
      return b;
    }
  }
  return b;
}

export const facePhoto = (n: number): Buffer =>
  readFileSync(path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo', `sample${n}.jpg`));

export async function badImages(options: { huge: boolean }): Promise<BadImage[]> {
  const noise = await sharp(randomBytes(320 * 240 * 3, 7), {
    raw: { width: 320, height: 240, channels: 3 },
  })
    .jpeg()
    .toBuffer();
  const noisePng = await sharp(noise).png().toBuffer();
  const plain = {
    create: { width: 200, height: 200, channels: 3 as const, background: '#808080' },
  };
  const images: BadImage[] = [
    { label: 'zero bytes', bytes: Buffer.alloc(0), contentType: 'image/jpeg' },
    { label: 'one byte', bytes: Buffer.from([0xff]), contentType: 'image/jpeg' },
    {
      label: 'JPEG SOI only',
      bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      contentType: 'image/jpeg',
    },
    {
      label: 'truncated JPEG',
      bytes: noise.subarray(0, noise.length >> 1),
      contentType: 'image/jpeg',
    },
    {
      label: 'truncated PNG',
      bytes: noisePng.subarray(0, noisePng.length >> 1),
      contentType: 'image/png',
    },
    {
      label: 'PNG bad CRC',
      bytes: Buffer.from(noisePng).fill(0, 29, 33),
      contentType: 'image/png',
    },
    { label: 'random 64 KiB', bytes: randomBytes(65536, 11), contentType: 'image/jpeg' },
    {
      label: 'random with JPEG magic',
      bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(20000, 13)]),
      contentType: 'image/jpeg',
    },
    { label: 'GIF', bytes: await sharp(plain).gif().toBuffer(), contentType: 'image/gif' },
    { label: 'TIFF', bytes: await sharp(plain).tiff().toBuffer(), contentType: 'image/tiff' },
    { label: 'WebP', bytes: await sharp(plain).webp().toBuffer(), contentType: 'image/webp' },
    {
      label: 'SVG 100000×100000',
      bytes: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="100%" height="100%"/></svg>',
      ),
      contentType: 'image/svg+xml',
    },
    {
      label: 'SVG entity expansion',
      bytes: Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><svg xmlns="http://www.w3.org/2000/svg"><text>&j;</text></svg>`,
      ),
      contentType: 'image/svg+xml',
    },
    {
      label: 'PNG bomb 20000×20000 (400 MP in ~50 KB)',
      bytes: pngBomb(),
      contentType: 'image/png',
    },
    {
      label: 'PNG header says 65535×65535, no data',
      bytes: png(65535, 65535, deflateSync(Buffer.alloc(10))),
      contentType: 'image/png',
    },
    {
      label: 'JPEG SOF says 65500×65500',
      bytes: jpegDimensionLie(noise),
      contentType: 'image/jpeg',
    },
    {
      label: 'PNG 1×1',
      bytes: await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      contentType: 'image/png',
    },
    {
      label: 'JPEG 20000×10 strip',
      bytes: await sharp({ create: { width: 16000, height: 10, channels: 3, background: '#fff' } })
        .jpeg()
        .toBuffer(),
      contentType: 'image/jpeg',
    },
    { label: 'JPEG without a face', bytes: noise, contentType: 'image/jpeg' },
  ];
  if (options.huge) {
    images.push({
      label: 'PNG 10000×8000 (80 MP, real)',
      bytes: await sharp({
        create: { width: 10000, height: 8000, channels: 3, background: '#406080' },
      })
        .png({ compressionLevel: 9 })
        .toBuffer(),
      contentType: 'image/png',
      heavy: true,
    });
  }
  return images;
}
