/**
 * A filed chứng thực dossier for tests (the persistence specs, the worker's dossier worlds): the
 * procedure as the catalog holds it and a complete NewDossier any field of which a test overrides.
 * Imported by its path (`@tthc/persistence/src/testing/dossier-fixture`), not through the index.
 */
import type { ProcedureEntry } from '@tthc/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../common/transaction.util';
import { upsertProcedure } from '../procedures/procedure.store';
import { createDossier, type NewDossier } from '../dossiers/dossier.store';

export const PROCEDURE: ProcedureEntry = {
  code: '2.000815',
  processKey: 'chung-thuc-ban-sao',
  name: 'Chứng thực bản sao từ bản chính',
  agency: 'STP',
  field: 'Chứng thực',
  level: 'province',
  statutoryDays: 1,
  cutoff: '15:00',
  fees: [{ name: 'Phí chứng thực bản sao', amount: 2000, unit: 'trang' }],
  components: [
    { id: 'ban-chinh', name: 'Bản chính giấy tờ, văn bản', form: 'original', count: 1, required: true },
    { id: 'ban-sao', name: 'Bản sao cần chứng thực', form: 'copy', count: 1, required: true },
    { id: 'giay-uy-quyen', name: 'Giấy ủy quyền (nếu có)', form: 'original', count: 1, required: false },
  ],
  resultDocuments: [{ name: 'Bản sao được chứng thực từ bản chính' }],
  legalBasis: [{ document: 'Nghị định 23/2015/NĐ-CP', title: 'Cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính' }],
};

export async function seedProcedure(ds: DataSource): Promise<void> {
  await upsertProcedure(ds, PROCEDURE);
}

export function newDossier(over: Partial<NewDossier> = {}): NewDossier {
  const id = randomUUID();
  return {
    id,
    procedureCode: PROCEDURE.code,
    components: PROCEDURE.components,
    processKey: PROCEDURE.processKey,
    definitionId: randomUUID(),
    definitionVersion: 1,
    instanceId: randomUUID(),
    agency: 'STP',
    receivingUnit: 'MOTCUA',
    channel: 2,
    applicant: { type: 1, name: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Hưng Yên', phone: '0912345678', email: null },
    summary: 'Chứng thực bản sao giấy khai sinh',
    submittedAt: new Date('2026-12-02T02:00:00Z'),
    createdBy: 'portal',
    at: new Date('2026-12-02T02:00:00Z'),
    progress: { actor: 'portal', handler: 'Cổng Dịch vụ công', handlerTitle: 'Hệ thống', unitName: 'Bộ phận Một cửa', content: 'Nộp hồ sơ trực tuyến' },
    ...over,
  };
}

export async function insertDossier(ds: DataSource, over: Partial<NewDossier> = {}) {
  return inTransaction(ds, (m) => createDossier(m, newDossier(over)));
}
