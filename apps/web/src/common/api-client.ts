import { ApiError, NetworkError } from './api-error';
import { tokenStore } from '../auth/token-store';

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** The auth layer subscribes here: any 401 sends the user back to the login page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body (serialised) */
  json?: unknown;
  /** raw XML body, sent as application/xml */
  xml?: string;
  /** multipart body (file uploads); the browser sets the boundary */
  form?: FormData;
  /** expect a text response (e.g. BPMN XML) instead of JSON */
  text?: boolean;
  signal?: AbortSignal;
}

const BASE = 'api/v1';

/** Calls the API relative to the page (same origin in the product, Vite proxy in dev). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: options.text ? 'application/xml, text/plain' : 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.xml !== undefined) {
    headers['Content-Type'] = 'application/xml';
    body = options.xml;
  } else if (options.form !== undefined) {
    body = options.form;
  }
  const url = new URL(`${BASE}${path}`, document.baseURI.replace(/#.*$/, ''));
  let response: Response;
  try {
    response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new NetworkError(cause);
  }
  if (!response.ok) throw await toApiError(response, Boolean(token));
  if (response.status === 204) return undefined as T;
  if (options.text) return (await response.text()) as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

async function toApiError(response: Response, hadToken: boolean): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText;
  let details: unknown;
  try {
    const body = await response.json();
    if (body?.error) ({ code = code, message = message, details } = body.error);
  } catch {
    // not JSON (e.g. a proxy error page): keep the status line
  }
  if (response.status === 401 && hadToken) unauthorizedListeners.forEach((l) => l());
  return new ApiError(response.status, code, message, details);
}

/** Downloads a binary answer (a PDF, a scan) with the session's token, as a Blob. */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  const url = new URL(`${BASE}${path}`, document.baseURI.replace(/#.*$/, ''));
  let response: Response;
  try {
    response = await fetch(url, { headers, signal });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new NetworkError(cause);
  }
  if (!response.ok) throw await toApiError(response, Boolean(token));
  return response.blob();
}
