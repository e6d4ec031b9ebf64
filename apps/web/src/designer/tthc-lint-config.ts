// The TTHC rules come straight from libs/bpmn (pure code, no Node APIs), so the designer
// lints exactly as the API does at deploy time.
import { tthcLintConfig, tthcLintResolver } from '../../../../libs/bpmn/src/lint/tthc-plugin';
import type { Language } from '../i18n/i18n-context';

interface Reporter {
  report(id: string, message: string, extra?: Record<string, unknown>): void;
}
interface Rule {
  check: { enter(node: unknown, reporter: Reporter): boolean };
  meta?: unknown;
}
type RuleFactory = (config?: unknown) => Rule;

/**
 * bpmn-js-bpmnlint shows each report's `message`; the rules report English with a
 * `messageVi` beside it. In Vietnamese the reporter is wrapped so the overlay shows `messageVi`.
 */
function localise(factory: RuleFactory, lang: Language): RuleFactory {
  if (lang !== 'vi') return factory;
  return (config) => {
    const rule = factory(config);
    return {
      ...rule,
      check: {
        enter: (node, reporter) =>
          rule.check.enter(node, {
            report(id, message, extra) {
              const vi = typeof extra?.messageVi === 'string' ? extra.messageVi : message;
              reporter.report(id, vi, { ...extra, messageEn: message });
            },
          }),
      },
    };
  };
}

/** The `linting.bpmnlint` option of bpmn-js-bpmnlint for one UI language. */
export function tthcLintingFor(lang: Language) {
  return {
    config: tthcLintConfig,
    resolver: {
      resolveRule: (pkg: string, name: string) => localise(tthcLintResolver.resolveRule(pkg, name) as RuleFactory, lang),
      resolveConfig: (pkg: string, name: string) => tthcLintResolver.resolveConfig(pkg, name),
    },
  };
}
