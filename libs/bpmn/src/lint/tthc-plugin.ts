import { digitiseBeforeProcessing } from './rules/digitise-before-processing.rule';
import { onlineReceiptSla } from './rules/online-receipt-sla.rule';
import { receiveFirst } from './rules/receive-first.rule';
import { refuseAndSupplementNotify } from './rules/refuse-and-supplement-notify.rule';
import { returnOnEveryOutcome } from './rules/return-on-every-outcome.rule';
import { signBeforeReturn } from './rules/sign-before-return.rule';
import { statutoryDeadline } from './rules/statutory-deadline.rule';
import { taskHasOwner } from './rules/task-has-owner.rule';
import type { RuleFactory } from './rules/tthc-rule.util';

/** bpmnlint resolves `tthc/<rule>` to package `bpmnlint-plugin-tthc`, rule `<rule>`. */
export const TTHC_PLUGIN_PACKAGE = 'bpmnlint-plugin-tthc';

/** The TTHC rules by name (without the `tthc/` prefix). Ids are a contract (domain.md §1). */
export const tthcRules: Record<string, RuleFactory> = {
  'receive-first': receiveFirst,
  'digitise-before-processing': digitiseBeforeProcessing,
  'sign-before-return': signBeforeReturn,
  'return-on-every-outcome': returnOnEveryOutcome,
  'online-receipt-sla': onlineReceiptSla,
  'statutory-deadline': statutoryDeadline,
  'refuse-and-supplement-notify': refuseAndSupplementNotify,
  'task-has-owner': taskHasOwner,
};

export const TTHC_RULE_IDS = Object.keys(tthcRules).map((r) => `tthc/${r}`);

/** bpmnlint config: every TTHC rule is an error (deploy is refused). */
export const tthcLintConfig = {
  rules: Object.fromEntries(TTHC_RULE_IDS.map((id) => [id, 'error'])) as Record<string, 'error' | 'warn' | 'off'>,
};

/**
 * A plain-object bpmnlint resolver (no fs, no require): works in the browser, in the
 * CLI and in the API alike. Also serves the config as `plugin:tthc/recommended`.
 */
export const tthcLintResolver = {
  resolveRule(pkg: string, ruleName: string): RuleFactory {
    const rule = pkg === TTHC_PLUGIN_PACKAGE ? tthcRules[ruleName] : undefined;
    if (!rule) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
    return rule;
  },
  resolveConfig(pkg: string, configName: string): typeof tthcLintConfig {
    if (pkg === TTHC_PLUGIN_PACKAGE && configName === 'recommended') return tthcLintConfig;
    throw new Error(`unknown config <${pkg}/${configName}>`);
  },
};

/**
 * The packed config bpmn-js-bpmnlint expects:
 * `new BpmnModeler({ linting: { bpmnlint: tthcPackedLintConfig, active: true }, additionalModules: [lintModule],
 *   moddleExtensions: { tthc: tthcDescriptor } })`.
 */
export const tthcPackedLintConfig = { config: tthcLintConfig, resolver: tthcLintResolver };
