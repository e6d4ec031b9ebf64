/**
 * The designer's drafts, publications and forms (issue 12) — what `/api/v1/procedure-drafts`,
 * `/api/v1/procedure-versions` and `/api/v1/forms` answer. Dates are ISO strings.
 */
export interface DraftSummaryView {
  id: string;
  processKey: string | null;
  name: string;
  agency: string | null;
  revision: number;
  /** the engine version of processKey the draft started from */
  baseVersion: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface DraftView extends DraftSummaryView {
  xml: string;
}

/** Another analyst who has the same draft open right now. */
export interface DraftEditorView {
  username: string;
  openedAt: string;
  seenAt: string;
}

export interface DraftCommentView {
  id: string;
  elementId: string | null;
  author: string;
  body: string;
  createdAt: string;
}

export interface VersionEntryView {
  id: string;
  /** `designer`: published from a draft; `deployment`: deployed from a file, the CLI or processes/ */
  source: 'designer' | 'deployment';
  processKey: string;
  name: string | null;
  number: number | null;
  definitionVersion: number;
  /** the publication changed the drawing only: the engine kept the same version */
  layoutOnly: boolean;
  author: string | null;
  at: string;
  note: string | null;
}

export interface PublishResultView {
  versions: VersionEntryView[];
  warnings: Array<{ elementId?: string; rule: string; message: string }>;
}

/** Forms: content-addressed form-js schemas, named by a user task as `tthc:formKey="sha256:<hex>"`. */
export const FORM_KEY_PREFIX = 'sha256:';

export interface FormView {
  hash: string;
  formKey: string;
  schema: Record<string, unknown>;
  createdAt: string;
}

export const formKeyOf = (hash: string): string => `${FORM_KEY_PREFIX}${hash}`;

/** The hash a formKey pins, or null when the key is not one of ours (e.g. `camunda-forms:…`). */
export function hashOfFormKey(formKey: string | null | undefined): string | null {
  const m = /^sha256:([0-9a-f]{64})$/.exec(formKey ?? '');
  return m ? m[1] : null;
}
