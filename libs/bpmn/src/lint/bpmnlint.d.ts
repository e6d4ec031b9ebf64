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
  /** a configured rule, loaded (what `lint` applies one after the other) */
  export interface ResolvedRule {
    name: string;
    category: string;
    config?: unknown;
    rule: unknown;
  }
  export class Linter {
    constructor(options: { config?: LintConfig; resolver: LinterResolver });
    lint(definitions: unknown, config?: LintConfig): Promise<Record<string, LintReport[]>>;
    /** the enabled rules of a config, loaded */
    resolveRules(config: LintConfig): Promise<ResolvedRule[]>;
    /** one rule over the whole model: its reports, annotated with the rule's category */
    applyRule(definitions: unknown, rule: ResolvedRule): LintReport[];
  }
}
