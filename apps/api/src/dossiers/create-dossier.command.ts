import { z } from 'zod';

/** Printable text: no control characters (NUL and friends break PostgreSQL and documents). */
export const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

export const CreateDossierBody = z
  .object({
    procedureCode: z.string().regex(/^\d\.\d{6}$/, 'a national TTHC code looks like 2.000815'),
    /** 1 counter (default for officers), 2 online (the portal), 3 public post */
    channel: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** receiving unit code inside the procedure's agency (default MOTCUA / the officer's unit) */
    receivingUnit: z.string().regex(/^[A-Za-z0-9_]{1,64}$/).optional(),
    applicant: z
      .object({
        type: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        name: printable(255),
        idNumber: z.string().regex(/^[A-Za-z0-9-]{6,32}$/, 'ID number: 6–32 letters, digits or "-"'),
        address: printable(500),
        phone: z.string().regex(/^\+?[0-9 .-]{6,20}$/).nullish(),
        email: z.string().email().max(255).nullish(),
      })
      .strict(),
    summary: printable(2000).optional(),
    /** when the citizen submitted it on the portal (portal only; default now) */
    submittedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type CreateDossierBody = z.infer<typeof CreateDossierBody>;
