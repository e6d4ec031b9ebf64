import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ApplicantType, ProcedureView } from '@tthc/contracts';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { ErrorMessage, Loading } from '../common/feedback';
import { errorText } from '../common/error-text';
import { usePageTitle } from '../common/use-page-title';
import type { MessageKey } from '../i18n/vi';
import { createDossier, listDossiers, listProcedures, uploadDossierDocument } from '../dossiers/dossiers-api';

interface ApplicantDraft {
  type: ApplicantType;
  name: string;
  idNumber: string;
  address: string;
  phone: string;
  email: string;
}
const EMPTY: ApplicantDraft = { type: 1, name: '', idNumber: '', address: '', phone: '', email: '' };

/**
 * Quầy tiếp nhận: an officer records a dossier brought in person (or by post): procedure,
 * applicant (the ID number looks up what we already know), the components with their
 * scans; then the dossier page, where the receipt task issues the code and Mẫu 01.
 */
export function CounterPage() {
  const { t } = useI18n();
  usePageTitle(t('counter.title'));
  const { user } = useAuth();
  const navigate = useNavigate();
  const procedures = useAsync((signal) => listProcedures(signal), []);
  const mine = (procedures.data ?? []).filter((p) => !user?.agency || p.agency === user.agency);
  const [code, setCode] = useState('');
  const procedure: ProcedureView | undefined = mine.find((p) => p.code === code);
  const [channel, setChannel] = useState<1 | 3>(1);
  const [applicant, setApplicant] = useState<ApplicantDraft>(EMPTY);
  const [summary, setSummary] = useState('');
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [lookup, setLookup] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<ApplicantDraft>) => setApplicant((a) => ({ ...a, ...patch }));

  async function lookUp() {
    setLookup(null);
    if (!applicant.idNumber.trim()) return;
    try {
      const page = await listDossiers({ applicantId: applicant.idNumber.trim() });
      const known = page.items[0]?.applicant;
      if (!known) return setLookup(t('counter.lookupNone'));
      set({ type: known.type, name: known.name, address: known.address, phone: known.phone ?? '', email: known.email ?? '' });
      setLookup(t('counter.lookupFound', { count: page.items.length }));
    } catch (e) {
      setLookup(errorText(e, t));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!procedure) return setError(t('counter.chooseProcedure'));
    if (!applicant.name.trim() || !applicant.idNumber.trim() || !applicant.address.trim()) return setError(t('counter.applicantRequired'));
    setBusy(true);
    try {
      const dossier = await createDossier({
        procedureCode: procedure.code,
        channel,
        applicant: {
          type: applicant.type,
          name: applicant.name.trim(),
          idNumber: applicant.idNumber.trim(),
          address: applicant.address.trim(),
          phone: applicant.phone.trim() || null,
          email: applicant.email.trim() || null,
        },
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      });
      for (const c of dossier.components ?? []) {
        const file = files[c.componentKey];
        if (file) await uploadDossierDocument(dossier.id, file, { componentId: c.id });
      }
      navigate(`/ho-so/${encodeURIComponent(dossier.id)}`);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  if (procedures.error) return <ErrorMessage error={procedures.error} onRetry={procedures.reload} />;
  if (!procedures.data) return <Loading />;
  return (
    <section aria-labelledby="counter-title" className="counter">
      <div className="page-head">
        <h1 id="counter-title">{t('counter.title')}</h1>
      </div>
      <p className="lead">{t('counter.intro')}</p>
      <form onSubmit={submit} noValidate className="counter-form">
        <section className="card" aria-labelledby="counter-procedure">
          <h2 id="counter-procedure">{t('counter.procedureSection')}</h2>
          <label className="field">
            <span>{t('dossiers.procedure')}</span>
            <select value={code} onChange={(e) => setCode(e.target.value)} required>
              <option value="">{t('counter.chooseProcedureOption')}</option>
              {mine.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} — {p.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="inline-radios">
            <legend>{t('dossier.channel')}</legend>
            {([1, 3] as const).map((c) => (
              <label key={c} className="check-row">
                <input type="radio" name="channel" checked={channel === c} onChange={() => setChannel(c)} />
                <span>{t(`channel.${c}` as MessageKey)}</span>
              </label>
            ))}
          </fieldset>
          {procedure && (
            <p className="muted small">
              {t('counter.statutory', { days: procedure.statutoryDays })}
              {procedure.fees.length > 0 && ` · ${t('counter.fees')}: ${procedure.fees.map((f) => `${f.name} ${f.amount != null ? `${f.amount.toLocaleString('vi-VN')} ${f.unit ?? 'đồng'}` : ''}`).join('; ')}`}
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="counter-applicant">
          <h2 id="counter-applicant">{t('dossier.applicant')}</h2>
          <div className="form-row">
            <label className="field">
              <span>{t('dossier.idNumber')}</span>
              <input value={applicant.idNumber} onChange={(e) => set({ idNumber: e.target.value })} inputMode="numeric" required />
            </label>
            <button type="button" className="btn" onClick={lookUp}>
              {t('counter.lookup')}
            </button>
            {lookup && (
              <span className="muted small" role="status">
                {lookup}
              </span>
            )}
          </div>
          <div className="form-row">
            <label className="field">
              <span>{t('counter.applicantType')}</span>
              <select value={applicant.type} onChange={(e) => set({ type: Number(e.target.value) as ApplicantType })}>
                {([1, 2, 3, 4] as const).map((n) => (
                  <option key={n} value={n}>
                    {t(`applicantType.${n}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field grow">
              <span>{t('dossier.applicantName')}</span>
              <input value={applicant.name} onChange={(e) => set({ name: e.target.value })} required />
            </label>
          </div>
          <label className="field">
            <span>{t('dossier.address')}</span>
            <input value={applicant.address} onChange={(e) => set({ address: e.target.value })} required />
          </label>
          <div className="form-row">
            <label className="field grow">
              <span>{t('dossier.phone')}</span>
              <input value={applicant.phone} onChange={(e) => set({ phone: e.target.value })} inputMode="tel" />
            </label>
            <label className="field grow">
              <span>{t('dossier.email')}</span>
              <input value={applicant.email} onChange={(e) => set({ email: e.target.value })} type="email" />
            </label>
          </div>
          <label className="field">
            <span>{t('dossier.summary')}</span>
            <input value={summary} onChange={(e) => setSummary(e.target.value)} />
          </label>
        </section>
        {procedure && (
          <section className="card" aria-labelledby="counter-components">
            <h2 id="counter-components">{t('dossier.components')}</h2>
            <p className="muted small">{t('counter.componentsIntro')}</p>
            <ul className="digitise-list">
              {procedure.components.map((c) => (
                <li key={c.id}>
                  <div className="digitise-name">
                    <strong>{c.name}</strong>
                    <span className="muted small"> · {t(`componentForm.${c.form}` as MessageKey)} · {t('dossier.copies', { count: c.count })}</span>
                    {c.required && <span className="badge badge-required">{t('dossier.required')}</span>}
                  </div>
                  <label className="field inline">
                    <span>{t('counter.scanOf')}<span className="sr-only">: {c.name}</span></span>
                    <input type="file" accept="application/pdf,image/png,image/jpeg" onChange={(e) => setFiles((f) => ({ ...f, [c.id]: e.target.files?.[0] }))} />
                  </label>
                </li>
              ))}
            </ul>
          </section>
        )}
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('counter.submitting') : t('counter.submit')}
        </button>
      </form>
    </section>
  );
}
