import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import type { StepContext } from './dossier-step.context';
import { startProcessing } from './processing.step';
import type { SignatureCheck } from './signature-check';
import { refuse } from './step-refusal';

/** the signature problems of the checked documents as refusal items; undefined when every one verifies */
export function signatureRefusal(check: SignatureCheck): { code: StepRefusalCode; message: string; items: Array<{ id: string; name: string; problem: string }> } | undefined {
  const unsigned = check.documents.filter((d) => d.count === 0);
  if (unsigned.length) {
    return {
      code: StepRefusalCode.DOSSIER_RESULT_UNSIGNED,
      message: `Văn bản chưa được ký số: ${unsigned.map((d) => d.name).join('; ')}.`,
      items: unsigned.map((d) => ({ id: d.id, name: d.name, problem: 'unsigned' })),
    };
  }
  const invalid = check.documents.filter((d) => !d.valid);
  if (invalid.length) {
    return {
      code: StepRefusalCode.DOSSIER_SIGNATURE_INVALID,
      message: `Chữ ký số không hợp lệ trên: ${invalid.map((d) => d.name).join('; ')}.`,
      items: invalid.map((d) => ({ id: d.id, name: d.name, problem: d.problems.join('; ') || 'invalid' })),
    };
  }
  return undefined;
}

/**
 * `sign` (ký số): every document the step signs (`documentIds`, default every current result
 * document) carries signatures that verify, one of them by the officer completing the step
 * (certificate common name = the officer's full name, as the API's officer keys issue it).
 */
export async function signStep(ctx: StepContext): Promise<GuardStepResult> {
  const check = ctx.signatures!;
  if (!check.documents.length) refuse(StepRefusalCode.DOSSIER_NOTHING_TO_SIGN, 'Không có văn bản nào để ký số (chưa có kết quả giải quyết).');
  const bad = signatureRefusal(check);
  if (bad) refuse(bad.code, bad.message, bad.items);
  const notMine = check.documents.filter((d) => !d.validSigners.includes(ctx.officer.fullName));
  if (notMine.length) {
    refuse(
      StepRefusalCode.DOSSIER_SIGNER_MISMATCH,
      `Văn bản chưa có chữ ký số của ${ctx.officer.fullName}: ${notMine.map((d) => d.name).join('; ')}.`,
      notMine.map((d) => ({ id: d.id, name: d.name, problem: `signed by ${d.validSigners.join(', ')}` })),
    );
  }
  await ctx.event('documents.signed', { documents: check.documents.map((d) => ({ id: d.id, name: d.name, sha256: d.sha256, signers: d.validSigners })) });
  return startProcessing(ctx);
}
