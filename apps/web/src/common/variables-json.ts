/** Variables typed as a JSON object: undefined when the text is blank, null when it is not a JSON object. */
export function parseVariablesJson(text: string): Record<string, unknown> | undefined | null {
  if (!text.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
