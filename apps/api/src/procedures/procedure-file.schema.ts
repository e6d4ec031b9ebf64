import type { ProcedureView } from '@tthc/contracts';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** `processes/<key>.procedure.json`: the TTHC catalog entry of a shipped procedure. */
export const ProcedureFile = z
  .object({
    code: z.string().regex(/^\d\.\d{6}$/, 'a national TTHC code looks like 2.000815'),
    processKey: text(255),
    name: text(500),
    agency: z.string().regex(/^[A-Z0-9_]{1,64}$/),
    field: text(255),
    level: z.enum(['province', 'district', 'commune', 'central']),
    statutoryDays: z.number().int().min(0).max(365),
    cutoff: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .nullable(),
    fees: z.array(z.object({ name: text(500), amount: z.number().int().min(0).nullable(), unit: text(64).optional(), note: text(1000).optional() }).strict()),
    components: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]{1,64}$/),
            name: text(500),
            form: z.enum(['original', 'copy', 'certified-copy']),
            count: z.number().int().min(1).max(100),
            required: z.boolean(),
            note: text(1000).optional(),
          })
          .strict(),
      )
      .min(1)
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'component ids must be unique'),
    resultDocuments: z.array(z.object({ name: text(500), note: text(1000).optional() }).strict()).min(1),
    legalBasis: z.array(z.object({ document: text(255), title: text(1000), articles: text(255).optional() }).strict()).min(1),
  })
  .strict();

export function parseProcedureFile(value: unknown): ProcedureView {
  return ProcedureFile.parse(value) as ProcedureView;
}
