/**
 * The ImageSource port for Image.S3Object: the data folder by default, or an S3-compatible
 * endpoint when one is configured.
 * @module
 */
import type { ImageSource } from '@facegate/core';
import { LocalImageSource } from './local-image.source.js';
import { S3ImageSource, type S3ImageSourceOptions } from './s3-image.source.js';

export interface ImageSourceOptions {
  /** The data folder; objects are read from `<dataDir>/buckets/<Bucket>/<Name>`. */
  dataDir: string;
  /** When set, objects are fetched from this S3-compatible endpoint instead. */
  s3Endpoint?: string;
  s3Region?: string;
  s3Credentials?: S3ImageSourceOptions['credentials'];
}

/**
 * @example
 * const images = createImageSource({ dataDir: './data' });
 * const bytes = await images.getObject('photos', 'Taro_Yamada.jpg');
 */
export function createImageSource(options: ImageSourceOptions): ImageSource {
  if (options.s3Endpoint) {
    return new S3ImageSource({
      endpoint: options.s3Endpoint,
      ...(options.s3Region ? { region: options.s3Region } : {}),
      ...(options.s3Credentials ? { credentials: options.s3Credentials } : {}),
    });
  }
  return new LocalImageSource(options.dataDir);
}
