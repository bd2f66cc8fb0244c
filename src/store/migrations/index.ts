import { sql as initial } from './001-initial.js';
import { sql as reportIndexes } from './004-report-indexes.js';
import { sql as messagingIndexes } from './006-messaging-indexes.js';
import { sql as invoices } from './007-invoices.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change in order. Append new migrations; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 4, name: 'report-indexes', sql: reportIndexes },
  { version: 7, name: 'invoices', sql: invoices },
  { version: 6, name: 'messaging-indexes', sql: messagingIndexes },
];
