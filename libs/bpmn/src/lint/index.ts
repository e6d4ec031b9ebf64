export type { LintIssue } from './lint-issue';
export { lintBpmn, lintDefinitions, BpmnParseError } from './lint-bpmn';
export {
  tthcRules,
  TTHC_RULE_IDS,
  tthcLintConfig,
  tthcLintResolver,
  tthcPackedLintConfig,
  TTHC_PLUGIN_PACKAGE,
} from './tthc-plugin';
export { workingHoursOf } from './model/working-duration.util';
