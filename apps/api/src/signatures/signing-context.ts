import { Inject, Injectable } from '@nestjs/common';
import { loadSigningConfig, type SigningConfig } from '@tthc/signing';
import { API_CONFIG } from '../common/tokens';
import type { ApiConfig } from '../config/api-config';

/**
 * The signing configuration (trust anchors, TSA, revocation; the dev PKI when no anchors
 * are configured), loaded once on first use: creating the dev PKI costs a few RSA key
 * generations, which the API should not pay at start when nobody signs.
 */
@Injectable()
export class SigningContext {
  private config?: Promise<SigningConfig>;

  constructor(@Inject(API_CONFIG) private readonly api: ApiConfig) {}

  get(): Promise<SigningConfig> {
    this.config ??= loadSigningConfig(process.env, { dataDir: this.api.dataDir }).catch((err) => {
      this.config = undefined;
      throw err;
    });
    return this.config;
  }
}
