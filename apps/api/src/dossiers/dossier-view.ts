import { DOSSIER_STATUS_LABELS, type DossierComponentView, type DossierEventView, type DossierProgressView, type DossierView, type PublicDossierView } from '@tthc/contracts';
import type { DossierComponentEntity, DossierEntity, DossierEventEntity, DossierProgressEntity } from '@tthc/persistence';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDossierView(d: DossierEntity, procedureName: string, components?: DossierComponentEntity[]): DossierView {
  return {
    id: d.id,
    code: d.code,
    procedureCode: d.procedureCode,
    procedureName,
    processKey: d.processKey,
    processVersion: d.definitionVersion,
    instanceId: d.instanceId,
    workflowId: `dossier/${d.id}`,
    agency: d.agency,
    receivingUnit: d.receivingUnit,
    channel: d.channel,
    applicant: {
      type: d.applicantType,
      name: d.applicantName,
      idNumber: d.applicantIdNumber,
      address: d.applicantAddress,
      phone: d.applicantPhone,
      email: d.applicantEmail,
    },
    summary: d.summary,
    status: d.status,
    statusLabel: DOSSIER_STATUS_LABELS[d.status],
    submittedAt: d.submittedAt.toISOString(),
    receivedAt: iso(d.receivedAt),
    dueAt: iso(d.dueAt),
    originalDueAt: iso(d.originalDueAt),
    pausedWorkingMs: d.pausedWorkingMs,
    pausedAt: iso(d.pausedAt),
    finishedAt: iso(d.finishedAt),
    returnedAt: iso(d.returnedAt),
    apologyCount: d.apologyCount,
    supplementCount: d.supplementCount,
    lateReceipt: d.lateReceipt,
    apologyRequiredAt: iso(d.apologyRequiredAt),
    createdAt: d.createdAt.toISOString(),
    createdBy: d.createdBy,
    ...(components ? { components: components.map(toComponentView) } : {}),
  };
}

export function toComponentView(c: DossierComponentEntity): DossierComponentView {
  return {
    id: c.id,
    ordinal: c.ordinal,
    componentKey: c.componentKey,
    name: c.name,
    form: c.form,
    count: c.count,
    required: c.required,
    documentId: c.documentId,
    reusedDocumentId: c.reusedDocumentId,
  };
}

export function toEventView(e: DossierEventEntity): DossierEventView {
  return { seq: e.seq, kind: e.kind, actor: e.actor, unit: e.unit, at: e.at.toISOString(), payload: e.payload, prevHash: e.prevHash, hash: e.hash };
}

export function toProgressView(p: DossierProgressEntity): DossierProgressView {
  return {
    seq: p.seq,
    MaHoSo: p.dossierCode,
    NguoiXuLy: p.handler,
    ChucDanh: p.handlerTitle,
    ThoiDiemXuLy: p.handledAt.toISOString(),
    PhongBanXuLy: p.unitName,
    NoiDungXuLy: p.content,
    TrangThai: p.status,
    NgayBatDau: iso(p.startedAt),
    NgayKetThucTheoQuyDinh: iso(p.dueAt),
  };
}

/**
 * Masks a person's or organisation's name for the public lookup: the first letter of each
 * word stays, the rest become `*` (`Nguyễn Văn An` → `N***** V** A*`).
 */
export function maskName(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .map((w) => {
      const chars = Array.from(w);
      return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
    })
    .join(' ');
}

export function toPublicView(d: DossierEntity, procedureName: string): PublicDossierView {
  return {
    code: d.code ?? '',
    procedureName,
    status: d.status,
    statusLabel: DOSSIER_STATUS_LABELS[d.status],
    receivedAt: iso(d.receivedAt),
    dueAt: iso(d.dueAt),
    applicantName: maskName(d.applicantName),
  };
}
