import { PROCEDURE_STATUSES, type ProcedureEntry, type ProcedureUpdate } from '@tthc/contracts';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** `processes/<key>.procedure.json`: the TTHC catalog entry of a shipped procedure. */
const Fee = z.object({ name: text(500), amount: z.number().int().min(0).nullable(), unit: text(64).optional(), note: text(1000).optional() }).strict();
const Component = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    name: text(500),
    form: z.enum(['original', 'copy', 'certified-copy']),
    count: z.number().int().min(1).max(100),
    required: z.boolean(),
    note: text(1000).optional(),
  })
  .strict();
const Components = z
  .array(Component)
  .min(1)
  .max(100)
  .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'component ids must be unique');
const ResultDocument = z.object({ name: text(500), note: text(1000).optional() }).strict();
const LegalBasis = z.object({ document: text(255), title: text(1000), articles: text(255).optional() }).strict();
const OnlineLevel = z.enum(['full', 'partial']);
const Status = z.enum(PROCEDURE_STATUSES as [string, ...string[]]);

export const ProcedureFile = z
  .object({
    code: z.string().regex(/^\d\.\d{6}$/, 'a national TTHC code looks like 2.000815'),
    processKey: text(255),
    name: text(500),
    agency: z.string().regex(/^[A-Z0-9_]{1,64}$/),
    field: text(255),
    level: z.enum(['province', 'district', 'commune', 'central']),
    /** dịch vụ công trực tuyến toàn trình (full) or một phần (partial) */
    onlineLevel: OnlineLevel,
    /** catalog status when the entry is first written (default published) */
    status: Status.optional(),
    statutoryDays: z.number().int().min(0).max(365),
    cutoff: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .nullable(),
    fees: z.array(Fee).max(50),
    components: Components,
    resultDocuments: z.array(ResultDocument).min(1).max(50),
    legalBasis: z.array(LegalBasis).min(1).max(50),
  })
  .strict();

export function parseProcedureFile(value: unknown): ProcedureEntry {
  return ProcedureFile.parse(value) as ProcedureEntry;
}

/** `PATCH /procedures/:code`: descriptive fields and status; code, process, agency, statutory days and cut-off come from the BPMN. */
export const ProcedureUpdateBody = z
  .object({
    status: Status.optional(),
    name: text(500).optional(),
    field: text(255).optional(),
    onlineLevel: OnlineLevel.optional(),
    fees: z.array(Fee).max(50).optional(),
    components: Components.optional(),
    resultDocuments: z.array(ResultDocument).min(1).max(50).optional(),
    legalBasis: z.array(LegalBasis).min(1).max(50).optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change') as unknown as z.ZodType<ProcedureUpdate>;
