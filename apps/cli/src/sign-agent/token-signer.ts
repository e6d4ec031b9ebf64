import { SignAgentErrorCode, type SignAgentCertificate, type SignAgentSignResponse } from '@tthc/contracts';
import { listTokenCertificates, Pkcs11KeyProvider, SigningError, SigningErrorCode } from '@tthc/signing';

/** A refusal of the agent, answered as `{error:{code,message}}` with `status`. */
export class AgentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

const certificateId = (slot: number, label: string) => `${slot}.${Buffer.from(label, 'utf8').toString('hex')}`;

function parseId(id: string): { slot: number; label: string } {
  const m = /^(\d+)\.([0-9a-f]*)$/.exec(id);
  if (!m) throw new AgentError(404, SignAgentErrorCode.CERTIFICATE_NOT_FOUND, 'unknown certificate id');
  return { slot: Number(m[1]), label: Buffer.from(m[2], 'hex').toString('utf8') };
}

/**
 * The token side of the agent, on the library's PKCS#11 code (pkcs11js): lists the signing
 * certificates (no PIN needed) and signs with the key of the same label (C_Login with the
 * PIN, C_Sign, logout). One operation at a time — each opens and finalises the module.
 */
export class TokenSigner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly module: string,
    private readonly fixedPin?: string,
  ) {}

  certificates(): Promise<SignAgentCertificate[]> {
    return this.serial(async () => {
      let all: ReturnType<typeof listTokenCertificates>;
      try {
        all = listTokenCertificates(this.module);
      } catch (e) {
        throw toAgentError(e);
      }
      return all
        .filter((c) => c.signing)
        .map((c) => ({
          id: certificateId(c.slot, c.label),
          tokenLabel: c.tokenLabel,
          label: c.label,
          subject: c.subject,
          commonName: c.commonName,
          issuer: c.issuer,
          serialNumber: c.serialNumber,
          notBefore: c.notBefore,
          notAfter: c.notAfter,
          certificate: Buffer.from(c.certificate).toString('base64'),
        }));
    });
  }

  sign(id: string, data: Uint8Array, pin: string | undefined): Promise<SignAgentSignResponse> {
    const { slot, label } = parseId(id);
    const thePin = pin ?? this.fixedPin;
    if (!thePin) return Promise.reject(new AgentError(422, SignAgentErrorCode.PIN_REQUIRED, 'the token PIN is required'));
    return this.serial(async () => {
      let provider: Pkcs11KeyProvider;
      try {
        provider = Pkcs11KeyProvider.open({ module: this.module, slot, pin: thePin, keyLabel: label });
      } catch (e) {
        throw toAgentError(e);
      }
      try {
        const algorithm = await provider.algorithm();
        const signature = await provider.sign(data, algorithm);
        const chain = await provider.certificateChain();
        return { signature: Buffer.from(signature).toString('base64'), algorithm, chain: chain.map((c) => Buffer.from(c).toString('base64')) };
      } catch (e) {
        throw toAgentError(e);
      } finally {
        await provider.close();
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function toAgentError(e: unknown): AgentError {
  if (e instanceof AgentError) return e;
  if (e instanceof SigningError) {
    if (e.code === SigningErrorCode.WRONG_PIN) return new AgentError(422, SignAgentErrorCode.WRONG_PIN, e.message);
    if (e.code === SigningErrorCode.KEY_NOT_FOUND) return new AgentError(404, SignAgentErrorCode.CERTIFICATE_NOT_FOUND, e.message);
    return new AgentError(503, SignAgentErrorCode.TOKEN_ERROR, e.message);
  }
  return new AgentError(503, SignAgentErrorCode.TOKEN_ERROR, (e as Error)?.message ?? String(e));
}
