import type { RenderedForm } from '@tthc/documents';
import { openAgencySeal, signPdf, type SealAgency } from '@tthc/signing';
import type { DossierStepDeps } from './dossier-step.deps';
import type { NoticeForm } from './dossier-forms';

/** the line the seal's signature carries (`/Reason`, and the visible stamp's "Lý do") */
const REASON: Record<NoticeForm, string> = {
  receipt: 'Phát hành Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  supplement: 'Phát hành Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phát hành Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  apology: 'Phát hành Phiếu xin lỗi và hẹn lại ngày trả kết quả',
};

/**
 * Seals a generated notice with the issuing agency's key (PAdES, libs/signing): the
 * electronic notice an agency sends a citizen carries the agency's digital signature
 * (docs/documents.md, "Agency seal"). The apology goes into the agency head's signature box
 * (`ky-agency-head`, "Ký, ghi rõ họ tên và đóng dấu"); the other notices get the seal's stamp
 * at the foot of their last page, their officers' boxes stay for the officers. The claimed
 * signing time is the step's instant, so a retried activity produces the same bytes.
 */
export async function sealNotice(deps: DossierStepDeps, agency: SealAgency, form: NoticeForm, rendered: Pick<RenderedForm, 'pdf' | 'document'>, at: Date): Promise<Uint8Array> {
  const cfg = await deps.signing();
  const provider = await openAgencySeal(agency, cfg);
  try {
    const signed = await signPdf(rendered.pdf, {
      provider,
      document: rendered.document, // signed where it was rendered: not parsed again
      reason: REASON[form],
      signingTime: at,
      ...(cfg.tsaUrl ? { tsaUrl: cfg.tsaUrl } : {}),
      ...(form === 'apology' ? { field: 'ky-agency-head' } : {}),
    });
    return signed.pdf;
  } finally {
    await provider.close?.();
  }
}
