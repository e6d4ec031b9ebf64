/** An HTTP error from the API, carrying its `{error:{code,message,details}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached at all (offline, proxy down, CORS). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

/** One problem reported for a BPMN element (422 BPMN_INVALID details, lint results). */
export interface ElementProblem {
  elementId?: string;
  rule?: string;
  message: string;
  /** Vietnamese message when the server (TTHC lint) provides one */
  messageVi?: string;
}

export function elementProblems(error: unknown): ElementProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => ({
      elementId: typeof d.elementId === 'string' ? d.elementId : undefined,
      rule: typeof d.rule === 'string' ? d.rule : undefined,
      message: typeof d.message === 'string' ? d.message : JSON.stringify(d),
      messageVi: typeof d.messageVi === 'string' ? d.messageVi : undefined,
    }));
}
