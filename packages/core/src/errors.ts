/**
 * One error hierarchy for the whole of facegate, named like Rekognition's exceptions so the
 * Rekognition endpoint can put `name` straight into `__type`. Other wire formats (the Search
 * API, the CLI) map these in one place each.
 * @module
 */

export type Fault = 'client' | 'server';

export class FacegateError extends Error {
  /** Rekognition's exception name, e.g. `ResourceNotFoundException`. */
  override readonly name: string;
  readonly fault: Fault;
  /** HTTP status the Rekognition wire uses for it. */
  readonly status: number;

  constructor(name: string, message: string, fault: Fault = 'client', status?: number) {
    super(message);
    this.name = name;
    this.fault = fault;
    this.status = status ?? (fault === 'client' ? 400 : 500);
  }
}

/**
 * ThrottlingException (HTTP 400, as Rekognition answers it) with the delay after which a retry
 * is expected to be served, for Retry-After. Raised when the engine's expected wait is over its
 * budget (docs/design/fairness.md).
 */
export class ThrottlingError extends FacegateError {
  constructor(
    message: string,
    /** Whole seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super('ThrottlingException', message, 'client', 400);
  }
}

/** The Retry-After seconds an error carries, if it is one that says "come back later". */
export const retryAfterOf = (e: unknown): number | undefined =>
  e instanceof ThrottlingError ? e.retryAfterSeconds : undefined;

const named =
  (name: string, fault: Fault = 'client', status?: number) =>
  (message: string) =>
    new FacegateError(name, message, fault, status);

export const Errors = {
  invalidParameter: named('InvalidParameterException'),
  invalidImageFormat: named('InvalidImageFormatException'),
  imageTooLarge: named('ImageTooLargeException'),
  resourceNotFound: named('ResourceNotFoundException'),
  resourceAlreadyExists: named('ResourceAlreadyExistsException'),
  invalidPaginationToken: named('InvalidPaginationTokenException'),
  invalidS3Object: named('InvalidS3ObjectException'),
  accessDenied: named('AccessDeniedException', 'client', 400),
  validation: named('ValidationException'),
  conflict: named('ConflictException'),
  idempotentParameterMismatch: named('IdempotentParameterMismatchException'),
  serviceQuotaExceeded: named('ServiceQuotaExceededException'),
  /** The engine's queue is full: callers should retry later. */
  throughputExceeded: named('ProvisionedThroughputExceededException'),
  internal: named('InternalServerError', 'server', 500),
  unrecognizedClient: named('UnrecognizedClientException', 'client', 403),
  invalidSignature: named('InvalidSignatureException', 'client', 403),
  missingAuthenticationToken: named('MissingAuthenticationTokenException', 'client', 403),
  unknownOperation: named('UnknownOperationException'),
  serialization: named('SerializationException'),
} as const;

/**
 * A collection made by a face model whose embeddings the engine's cannot be compared with
 * (InvalidParameterException).
 */
export const incomparableModelError = (collectionModel: string, engineModel: string) =>
  Errors.invalidParameter(
    `The collection's face model ${collectionModel} cannot be compared with this engine's ` +
      `(${engineModel}); index its photos into a new collection`,
  );

export const isFacegateError = (e: unknown): e is FacegateError => e instanceof FacegateError;
