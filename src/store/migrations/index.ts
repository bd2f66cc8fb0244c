import { sql as initial } from './001-initial.js';
import { sql as reportIndexes } from './004-report-indexes.js';
import { sql as messagingIndexes } from './006-messaging-indexes.js';
import { sql as invoices } from './007-invoices.js';
import { sql as patientNameOrder } from './008-patient-name-order.js';
import { sql as huddleCache } from './009-huddle-cache.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change in order. Append new migrations; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 4, name: 'report-indexes', sql: reportIndexes },
  { version: 6, name: 'messaging-indexes', sql: messagingIndexes },
  { version: 7, name: 'invoices', sql: invoices },
  { version: 8, name: 'patient-name-order', sql: patientNameOrder },
  { version: 9, name: 'huddle-cache', sql: huddleCache },
];
