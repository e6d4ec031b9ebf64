/** One finding of the TTHC lint, as the CLI, API (`422 BPMN_INVALID` details) and designer show it. */
export interface LintIssue {
  /** id of the offending BPMN element (the process itself for process-level findings) */
  elementId: string;
  /** rule id, e.g. `tthc/receive-first` (ids are part of the contract, domain.md §1) */
  rule: string;
  /** English message */
  message: string;
  /** Vietnamese message for officers and analysts */
  messageVi?: string;
  severity: 'error' | 'warn';
}
