// bpmnlint ships JSDoc types only for its internals; this is the API the lint uses.
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    [extra: string]: unknown;
  }
  export interface LinterResolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export type LintConfig = { extends?: string | string[]; rules?: Record<string, unknown> };
  export class Linter {
    constructor(options: { config?: LintConfig; resolver: LinterResolver });
    lint(definitions: unknown, config?: LintConfig): Promise<Record<string, LintReport[]>>;
  }
}
