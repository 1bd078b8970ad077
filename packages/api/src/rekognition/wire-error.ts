/**
 * The one place FacegateError becomes an AWS JSON 1.1 error response. Anything that is not a
 * FacegateError is an InternalServerError whose details stay in the server log.
 * @module
 */
import { isFacegateError } from '@facegate/core';

export interface WireError {
  status: number;
  type: string;
  body: { __type: string; message: string };
}

export function toWireError(err: unknown): WireError {
  if (isFacegateError(err)) {
    return { status: err.status, type: err.name, body: { __type: err.name, message: err.message } };
  }
  return {
    status: 500,
    type: 'InternalServerError',
    body: { __type: 'InternalServerError', message: 'Internal server error' },
  };
}
