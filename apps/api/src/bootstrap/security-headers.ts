import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * Security headers on every response (API, web app, errors) with helmet:
 * - CSP for the SPA: scripts only from this origin (Vite emits module files, no inline
 *   script); styles also inline, because bpmn-js/diagram-js set `style` attributes and
 *   form/overlay elements inject style; images and fonts also `data:`/`blob:` (bpmn-js icons,
 *   downloads); nothing may frame the app (`frame-ancestors 'none'` + X-Frame-Options DENY);
 *   no plugins (`object-src 'none'`); fetches to this origin and to the loopback address (the
 *   local signing agent of the USB-token signing, docs/signing.md — any port, the agent's is configurable).
 * - HSTS (180 days, subdomains), Referrer-Policy `no-referrer`, X-Content-Type-Options `nosniff`,
 *   Cross-Origin-Opener-Policy `same-origin`.
 * `TTHC_TRUST_PROXY` (Express "trust proxy" value, e.g. `1` or `loopback`) makes `req.ip` —
 * the address the login throttle counts — the client's, not the reverse proxy's.
 */
export function installSecurityHeaders(app: NestExpressApplication, trustProxy?: string): void {
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          // the officer's local signing agent (`tthc sign-agent`, or a vendor plug-in) listens on the loopback address
          'connect-src': ["'self'", 'http://127.0.0.1:*', 'http://localhost:*'],
          'worker-src': ["'self'", 'blob:'],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
}
