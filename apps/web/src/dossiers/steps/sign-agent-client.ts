import { SIGN_AGENT_DEFAULT_PORT, type SignAgentCertificate, type SignAgentSignRequest, type SignAgentSignResponse } from '@tthc/contracts';

/** A refusal of the local signing agent (or: it could not be reached, code AGENT_UNREACHABLE). */
export class SignAgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignAgentError';
  }
}

export const AGENT_UNREACHABLE = 'AGENT_UNREACHABLE';
export const DEFAULT_AGENT_URL = `http://127.0.0.1:${SIGN_AGENT_DEFAULT_PORT}`;

export interface AgentSettings {
  url: string;
  pairingCode: string;
}

const STORAGE_KEY = 'tthc.signAgent';

/** Where the agent listens and the pairing code, remembered on this computer only. */
export function loadAgentSettings(): AgentSettings {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<AgentSettings>;
    return { url: v.url || DEFAULT_AGENT_URL, pairingCode: v.pairingCode ?? '' };
  } catch {
    return { url: DEFAULT_AGENT_URL, pairingCode: '' };
  }
}

export function saveAgentSettings(s: AgentSettings): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
}

async function call<T>(s: AgentSettings, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${s.url.replace(/\/+$/, '')}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${s.pairingCode.trim()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    // not running, wrong address, or started for another web origin (then the browser hides its answer)
    throw new SignAgentError(AGENT_UNREACHABLE, e instanceof Error ? e.message : String(e));
  }
  const parsed = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new SignAgentError(parsed?.error?.code ?? `HTTP_${res.status}`, parsed?.error?.message ?? res.statusText);
  return parsed as T;
}

/** `tthc sign-agent` protocol (tthc-sign-agent/1): the signing certificates on the token. */
export async function agentCertificates(s: AgentSettings): Promise<SignAgentCertificate[]> {
  return (await call<{ certificates: SignAgentCertificate[] }>(s, '/v1/certificates')).certificates;
}

export function agentSign(s: AgentSettings, req: SignAgentSignRequest): Promise<SignAgentSignResponse> {
  return call<SignAgentSignResponse>(s, '/v1/sign', req);
}
