import type { SignAgentCertificate } from '@tthc/contracts';
import { useI18n } from '../../i18n/i18n-context';
import type { AgentSettings } from './sign-agent-client';

interface Props {
  settings: AgentSettings;
  onSettings: (s: AgentSettings) => void;
  certificates: SignAgentCertificate[] | null;
  selected: string;
  onSelect: (id: string) => void;
  pin: string;
  onPin: (pin: string) => void;
  connecting: boolean;
  onConnect: () => void;
}

const day = (iso: string) => new Date(iso).toLocaleDateString('vi-VN');
const issuerName = (issuer: string) => /(?:^|, )CN=([^,]*)/.exec(issuer)?.[1] ?? issuer;

/**
 * Ký bằng USB token: where the local signing agent (`tthc sign-agent`) listens, the pairing
 * code it printed, the certificate to sign with and the token PIN. The PIN goes to the agent
 * on this computer only, never to the server.
 */
export function TokenSignSettings({ settings, onSettings, certificates, selected, onSelect, pin, onPin, connecting, onConnect }: Props) {
  const { t } = useI18n();
  return (
    <fieldset className="token-sign">
      <legend>{t('token.legend')}</legend>
      <p className="muted small">{t('token.intro')}</p>
      <label className="field">
        <span>{t('token.agentUrl')}</span>
        <input value={settings.url} onChange={(e) => onSettings({ ...settings, url: e.target.value })} autoComplete="off" />
      </label>
      <label className="field">
        <span>{t('token.pairingCode')}</span>
        <input value={settings.pairingCode} onChange={(e) => onSettings({ ...settings, pairingCode: e.target.value })} autoComplete="off" spellCheck={false} />
      </label>
      <button type="button" className="btn btn-small" disabled={connecting} onClick={onConnect}>
        {connecting ? t('token.connecting') : t('token.connect')}
      </button>
      {certificates && certificates.length === 0 && <p className="missing small">{t('token.noCertificates')}</p>}
      {certificates && certificates.length > 0 && (
        <>
          <label className="field">
            <span>{t('token.certificate')}</span>
            <select value={selected} onChange={(e) => onSelect(e.target.value)}>
              {certificates.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('token.certificateOption', { name: c.commonName ?? c.subject, issuer: issuerName(c.issuer), until: day(c.notAfter) })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('token.pin')}</span>
            <input type="password" value={pin} onChange={(e) => onPin(e.target.value)} autoComplete="off" inputMode="numeric" />
          </label>
        </>
      )}
    </fieldset>
  );
}
