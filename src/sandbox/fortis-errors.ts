import { json, type Reply } from './http-types.js';

/** Fortis 401: `{statusCode, error, message}` (Response401TokenException). */
export function unauthorized(): Reply {
  return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' });
}

let errorCounter = 0;

/** Fortis 412 with Joi-style details (Response412Exception). */
export function preconditionFailed(message: string, path: string[], type = 'any.invalid'): Reply {
  errorCounter += 1;
  const id = `sbx${errorCounter.toString(36).padStart(22, '0')}`;
  const key = path[path.length - 1] ?? '';
  return json(412, {
    type: id,
    id,
    statusCode: 412,
    title: 'Precondition Failed',
    detail: message,
    meta: { details: [{ message, path, type, context: { key, label: path.join('.') } }] },
  });
}

/** 404 (shape undocumented for Fortis; this mirrors the 401 one). */
export function notFound(what: string): Reply {
  return json(404, { statusCode: 404, error: 'Not Found', message: `${what} not found` });
}
