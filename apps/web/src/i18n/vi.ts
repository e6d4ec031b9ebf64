import { shell } from './vi/shell';
import { dossiers } from './vi/dossiers';
import { inbox } from './vi/inbox';
import { designer } from './vi/designer';
import { audit } from './vi/audit';
import { calendar } from './vi/calendar';
import { catalog } from './vi/catalog';
import { operations } from './vi/operations';

/** Vietnamese UI text (the default language), one file per area in vi/. Every key must exist in en/. */
export const vi = { ...shell, ...dossiers, ...inbox, ...designer, ...audit, ...calendar, ...catalog, ...operations } as const;

export type MessageKey = keyof typeof vi;
