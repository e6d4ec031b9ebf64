/** key: value pairs on separate lines, long values cut (the full JSON stays in the API) */
export function PayloadSummary({ payload }: { payload: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(payload ?? {});
  if (entries.length === 0) return null;
  return (
    <dl className="kv">
      {entries.map(([k, v]) => {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        return (
          <div key={k}>
            <dt>{k}</dt>
            <dd title={text.length > 120 ? text : undefined}>{text.length > 120 ? `${text.slice(0, 117)}…` : text}</dd>
          </div>
        );
      })}
    </dl>
  );
}
