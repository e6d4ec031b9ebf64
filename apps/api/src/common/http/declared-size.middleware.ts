import { ErrorCode } from '@tthc/contracts';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error';

/**
 * Answers 413 from the Content-Length alone, before a body parser runs. body-parser
 * also refuses a declared size above its limit, but only after reading off (and
 * discarding) the entire body — 50 MB, or for as long as a slow client keeps sending.
 * Here the answer goes out at once; Node then discards whatever the client still sends.
 * Only for the types the parsers read (`types`): other routes have their own limits.
 */
export function refuseDeclaredOversize(limitBytes: number, types: string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    if (declared > limitBytes && req.is(types))
      return next(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 'request body is too large'));
    next();
  };
}
