import { Inject, Injectable } from '@nestjs/common';
import { publicLookupUrl, type DossierForm } from '@tthc/contracts';
import { renderForm } from '@tthc/documents';
import {
  findDossierForm,
  findUserByUsername,
  getProcedure,
  listAgencies,
  listDossierEvents,
  listUnits,
  type BlobStore,
  type DossierEntity,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { BLOB_STORE } from '../documents/documents-config';
import { controlSheetRows } from './control-sheet.mapper';
import { DossierAccess } from './dossier-access';
import { DossierError, DossierErrorCode } from './dossier.errors';

export interface FormFile {
  name: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

/** Where forms are issued (the date line), as the step guard prints it. */
const place = () => process.env.TTHC_FORM_PLACE || 'Hưng Yên';
/** The product's public address (QR codes open the public lookup there). */
export const publicBaseUrl = () => process.env.TTHC_PUBLIC_URL || 'http://localhost:3000';

/**
 * The forms of a dossier as PDFs: the stored, possibly sealed, receipt (Mẫu 01),
 * supplement request (02), refusal (03) and apology (04) the step guard generated; the
 * control sheet (Phiếu kiểm soát) rendered on request from the event log, so it always
 * shows every hand-over so far (it is a view of the chain, not a stored document).
 */
@Injectable()
export class DossierFormsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DossierAccess,
  ) {}

  async get(id: string, form: DossierForm, user: AuthUser): Promise<FormFile> {
    const d = await this.access.load(id, user, 'read');
    if (form === 'control-sheet') return this.controlSheet(d);
    const doc = await findDossierForm(this.ds, d.id, form);
    if (!doc) throw new DossierError(DossierErrorCode.FORM_NOT_ISSUED, `the ${form} form has not been issued for this dossier`, { form });
    return { name: doc.name, mediaType: doc.mediaType, sha256: doc.sha256, bytes: await this.blobs.get(doc.storageKey) };
  }

  private async controlSheet(d: DossierEntity): Promise<FormFile> {
    if (!d.code || !d.receivedAt) throw new DossierError(DossierErrorCode.FORM_NOT_ISSUED, 'the control sheet starts at receipt; this dossier has not been received', { form: 'control-sheet' });
    const [events, units, agencies, procedure] = await Promise.all([
      listDossierEvents(this.ds, d.id),
      listUnits(this.ds, d.agency),
      listAgencies(this.ds),
      getProcedure(this.ds, d.procedureCode),
    ]);
    const names = new Map<string, string>();
    for (const actor of new Set(events.map((e) => e.actor))) names.set(actor, (await findUserByUsername(this.ds, actor))?.fullName ?? actor);
    const agencyName = agencies.find((a) => a.code === d.agency)?.name ?? d.agency;
    const unitName = (code: string | null) => units.find((u) => u.code === code)?.name ?? agencyName;
    const handOvers = controlSheetRows(d, events, { person: (u) => names.get(u) ?? u, unit: unitName });
    const last = events[events.length - 1];
    const rendered = await renderForm(
      'control-sheet',
      {
        agency: { name: agencyName.toUpperCase(), unit: unitName(d.receivingUnit).toUpperCase(), place: place() },
        dossierCode: d.code,
        // the sheet as of its last hand-over: the same chain renders the same bytes
        issuedAt: last?.at ?? d.receivedAt,
        receivedAt: d.receivedAt,
        procedureName: procedure?.name ?? d.processKey,
        applicant: { name: d.applicantName, idNumber: d.applicantIdNumber, address: d.applicantAddress },
        dueAt: d.dueAt ?? d.receivedAt,
        handOvers,
      },
      { publicLookupUrl: publicLookupUrl(publicBaseUrl(), d.code) },
    );
    return { name: rendered.fileName, mediaType: 'application/pdf', sha256: rendered.sha256, bytes: Buffer.from(rendered.pdf) };
  }
}
