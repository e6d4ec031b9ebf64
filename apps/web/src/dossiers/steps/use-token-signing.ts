import { useState } from 'react';
import type { SignAgentCertificate } from '@tthc/contracts';
import { useI18n, type Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/vi';
import { vi } from '../../i18n/vi';
import { errorText } from '../../common/error-text';
import { completeTokenSignature, prepareTokenSignature } from '../dossiers-api';
import { agentCertificates, agentSign, loadAgentSettings, saveAgentSettings, SignAgentError, type AgentSettings } from './sign-agent-client';

/** A token signing that failed, with the sentence to show the officer. */
export class TokenSignFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenSignFailure';
  }
}

/** A Vietnamese sentence for an agent refusal or for an API refusal of the token flow. */
export function tokenErrorText(e: unknown, t: Translate, settings: AgentSettings): string {
  if (e instanceof SignAgentError) {
    const key = `token.error.${e.code}` as MessageKey;
    return key in vi ? t(key, { url: settings.url }) : t('token.error.other', { message: e.message });
  }
  return errorText(e, t);
}

/**
 * State of "Ký bằng USB token": connect to the agent (lists the token's certificates), then
 * sign a document = prepare on the server → the agent signs with the token → complete on the server.
 */
export function useTokenSigning(dossierId: string, reason: string) {
  const { t } = useI18n();
  const [settings, setSettingsState] = useState<AgentSettings>(loadAgentSettings);
  const [certificates, setCertificates] = useState<SignAgentCertificate[] | null>(null);
  const [selected, setSelected] = useState('');
  const [pin, setPin] = useState('');
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const setSettings = (s: AgentSettings) => {
    setSettingsState(s);
    saveAgentSettings(s);
  };

  async function connect(): Promise<SignAgentCertificate[] | null> {
    setConnecting(true);
    setError(null);
    try {
      const list = await agentCertificates(settings);
      setCertificates(list);
      if (!list.some((c) => c.id === selected)) setSelected(list[0]?.id ?? '');
      return list;
    } catch (e) {
      setCertificates(null);
      setError(tokenErrorText(e, t, settings));
      return null;
    } finally {
      setConnecting(false);
    }
  }

  /** Signs one document; throws a Vietnamese message on failure. */
  async function sign(documentId: string): Promise<void> {
    const list = certificates ?? (await connect());
    if (!list) throw new TokenSignFailure(t('token.error.AGENT_UNREACHABLE', { url: settings.url }));
    const cert = list.find((c) => c.id === selected) ?? list[0];
    if (!cert) throw new TokenSignFailure(t('token.noCertificates'));
    if (!pin) throw new TokenSignFailure(t('token.error.AGENT_PIN_REQUIRED'));
    try {
      const prepared = await prepareTokenSignature(dossierId, documentId, { certificate: cert.certificate, reason, visible: true });
      const signed = await agentSign(settings, { certificateId: cert.id, data: prepared.signedAttributes, pin });
      await completeTokenSignature(dossierId, documentId, { handle: prepared.handle, signature: signed.signature, chain: signed.chain });
    } catch (e) {
      throw new TokenSignFailure(tokenErrorText(e, t, settings));
    }
  }

  return { settings, setSettings, certificates, selected, setSelected, pin, setPin, connecting, connect, sign, error, setError, ready: !!certificates?.length };
}
