/**
 * Expressions written in another dialect than FEEL (JUEL / Java / JavaScript, what Camunda 7,
 * Activiti/Flowable and many tutorials use): the deploy error says what to write instead.
 * `hintFor` explains a FEEL syntax error; `foreignConstructs` finds constructs that FEEL
 * parses but that mean something else (method calls: FEEL has none, `x.size()` is null at
 * run time, so a condition written that way would silently never be true).
 */

interface Rule {
  test: RegExp;
  say: string;
}

/** outside string literals only */
function code(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'(?:[^'\\]|\\.)*'/g, "''");
}

const SYNTAX: Rule[] = [
  { test: /[$#]\{/, say: "a JUEL '${…}' expression is translated only when it uses comparisons, && and ||; write it in FEEL: '=a > 1 and b'" },
  { test: /===?/, say: "FEEL compares with '=' (not '==' or '==='): write 'a = 1'" },
  { test: /!==/, say: "FEEL's inequality is '!=' (not '!=='): write 'a != 1'" },
  { test: /&&/, say: "FEEL's conjunction is 'and' (not '&&'): write 'a and b'" },
  { test: /\|\|/, say: "FEEL's disjunction is 'or' (not '||'): write 'a or b'" },
  { test: /(^|[^!<>=])!(?!=)/, say: "FEEL negates with the function not() (not '!'): write 'not(approved)'" },
  { test: /\?[^:]*:/, say: "FEEL has no '? :' operator: write 'if c then a else b'" },
  { test: /(^|\s)(eq|ne|lt|gt|le|ge)\s/, say: "JUEL word operators (eq, ne, lt, gt, le, ge) are not FEEL: write '=', '!=', '<', '>', '<=', '>='" },
  { test: /(^|[\s(])empty\s/, say: "JUEL 'empty x' is not FEEL: write 'x = null' or 'count(x) = 0'" },
  { test: /\+\+|--|\+=|-=/, say: "FEEL has no assignment or increment operators: an expression computes a value, e.g. 'count + 1'" },
];

const METHODS: Array<{ name: RegExp; say: string }> = [
  { name: /\.(size|length)\s*\(/, say: "write count(list) or string length(text)" },
  { name: /\.length\b/, say: "write count(list) or string length(text)" },
  { name: /\.equals(IgnoreCase)?\s*\(/, say: "compare with '=': write 'a = \"x\"' (or lower case(a) = \"x\")" },
  { name: /\.isEmpty\s*\(/, say: "write 'count(list) = 0' or 'string length(text) = 0'" },
  { name: /\.contains\s*\(/, say: "write 'contains(text, \"x\")' for text or 'list contains(list, x)' for a list" },
  { name: /\.startsWith\s*\(/, say: "write 'starts with(text, \"x\")'" },
  { name: /\.endsWith\s*\(/, say: "write 'ends with(text, \"x\")'" },
  { name: /\.(toUpperCase|toLowerCase)\s*\(/, say: "write 'upper case(text)' / 'lower case(text)'" },
  { name: /\.\w+\s*\(/, say: 'FEEL has no methods: call a built-in function with the value as its first argument' },
];

/** a clause to append to a FEEL syntax error, or undefined */
export function hintFor(expr: string): string | undefined {
  const c = code(expr);
  const hits = SYNTAX.filter((r) => r.test.test(c)).map((r) => r.say);
  const method = METHODS.find((m) => m.name.test(c));
  if (method) hits.push(`FEEL has no methods: ${method.say}`);
  return hits.length ? hits.join('; ') : undefined;
}

/** constructs that parse as FEEL but are another language's: the message for the deploy error */
export function foreignConstructs(expr: string): string | undefined {
  const c = code(expr);
  const method = METHODS.find((m) => m.name.test(c));
  if (method) return `'${expr}' calls a method, which FEEL does not have (it would be null when run): ${method.say}`;
  // FEEL parses these (a unary test after '=', a variable name with spaces) but they never mean what was written
  const rule = PARSES_BUT_WRONG.find((r) => r.test.test(c));
  return rule ? `'${expr}' is not FEEL (it would be null or false when run): ${rule.say}` : undefined;
}

const PARSES_BUT_WRONG: Rule[] = SYNTAX.filter((r) => /==|eq, ne|empty/.test(r.say));
