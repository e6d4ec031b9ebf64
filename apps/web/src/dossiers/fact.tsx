import type { ReactNode } from 'react';

/** One label/value pair of a `dl.facts` list. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
