import type { MessageKey } from './vi';
import { shell } from './en/shell';
import { dossiers } from './en/dossiers';
import { inbox } from './en/inbox';
import { designer } from './en/designer';
import { audit } from './en/audit';
import { calendar } from './en/calendar';
import { catalog } from './en/catalog';
import { operations } from './en/operations';

/** English UI text, one file per area in en/ (same keys as vi/). */
export const en: Record<MessageKey, string> = { ...shell, ...dossiers, ...inbox, ...designer, ...audit, ...calendar, ...catalog, ...operations };
