/**
 * Task headers are strings (zeebe:taskHeaders / tthc extension). A header whose value is
 * valid JSON becomes that JSON value; anything else stays a string.
 */
export function headerValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function headersAsVariables(headers: Record<string, string>, skip: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers)) if (!skip.includes(key)) out[key] = headerValue(value);
  return out;
}
