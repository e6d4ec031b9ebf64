import { parseExpression } from 'feelin';

/**
 * The compiler's FEEL check (libs/bpmn validate-scope): parse only, never evaluate. A leading
 * `=` (Camunda 8 style) is allowed. Answers the position of the first syntax error, or null.
 */
export function feelSyntaxError(expression: string): number | null {
  const text = expression.replace(/^\s*=/, '');
  if (!text.trim()) return null;
  let at: number | null = null;
  try {
    parseExpression(text, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError && at === null) at = node.from;
      },
    });
  } catch {
    return 0;
  }
  return at;
}
