import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import { DocumentEntity } from '@tthc/persistence';
import type { StepContext } from './dossier-step.context';
import { signatureRefusal } from './sign.step';
import { refuse } from './step-refusal';

/**
 * `return` (trả kết quả): every current result document carries a signature that verifies;
 * results get `<code>-KQ<n>`; status 9 (đã xử lý xong) then 10 (đã trả kết quả) — two
 * transitions, two progress records.
 */
export async function returnStep(ctx: StepContext): Promise<GuardStepResult> {
  const check = ctx.signatures!;
  if (!check.documents.length) refuse(StepRefusalCode.DOSSIER_RESULT_MISSING, 'Hồ sơ chưa có văn bản kết quả giải quyết để trả.');
  const bad = signatureRefusal(check);
  if (bad) refuse(bad.code, bad.message, bad.items);
  let d = await ctx.dossier();
  if (d.status !== 4 && d.status !== 9) refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, `Hồ sơ đang ở trạng thái ${d.status}, chưa trả kết quả được.`);
  const repo = ctx.m.getRepository(DocumentEntity);
  const numbered = await repo.createQueryBuilder('x').where('x.dossier_id = :id', { id: d.id }).andWhere('x.result_code IS NOT NULL').getMany();
  let n = new Set(numbered.map((x) => x.resultCode)).size;
  const resultCodes: string[] = [];
  for (const doc of check.documents) {
    const row = await repo.findOneByOrFail({ id: doc.id });
    let resultCode = row.resultCode ?? null;
    if (!resultCode) {
      resultCode = `${d.code}-KQ${++n}`;
      await repo.update({ id: doc.id }, { resultCode });
    }
    resultCodes.push(resultCode);
  }
  await ctx.event('result.returned', { results: check.documents.map((doc, i) => ({ id: doc.id, name: doc.name, sha256: doc.sha256, resultCode: resultCodes[i], signers: doc.validSigners })) });
  if (d.status === 4) await ctx.status(9, 'Đã xử lý xong hồ sơ', { resultCodes });
  await ctx.status(10, `Đã trả kết quả: ${resultCodes.join(', ')}`, { resultCodes });
  d = await ctx.dossier();
  return { dossierCode: d.code ?? undefined, dueAt: d.dueAt?.toISOString() ?? null, status: 10, replayed: false, resultCodes };
}
