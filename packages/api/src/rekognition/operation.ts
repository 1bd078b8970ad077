/**
 * What one Rekognition operation is on the wire: its name in X-Amz-Target, the zod schema of
 * its JSON body, and the call to the RekognitionApi it stands for.
 * @module
 */
import type { RekognitionApi } from '@facegate/core';
import type { z } from 'zod';

export interface Operation<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  run(api: RekognitionApi, input: z.output<S>): Promise<unknown>;
}

/** Keeps each operation file to its schema and one call, with the input type inferred. */
export const defineOperation = <S extends z.ZodType>(op: Operation<S>): Operation<S> => op;
