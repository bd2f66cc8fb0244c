import type { ProcessorSource } from '../domain/records.js';
import type { Db } from '../store/db.js';
import type { ProcessorTable, UpsertCounts } from '../store/processor-records.js';

// The provider-neutral contract between the sync engine and a processor integration. A source
// lists its resources; a resource yields pages; the engine writes each page and its checkpoint in
// one transaction, so an interrupted sync loses at most one page and the next run resumes.

/** Where a resource left off: the highest upstream modification seen, and an optional cursor. */
export interface SyncCheckpoint {
  /** Opaque to the engine; the source compares its own values (e.g. unix seconds as text). */
  highWater: string | null;
  /** Resumption point within an interrupted run (e.g. a page number), or null. */
  cursor: string | null;
}

export interface SyncOptions {
  /** Re-read everything (and mark what vanished as removed). */
  full: boolean;
  pageSize: number;
  /** Re-read this many seconds before the checkpoint, to catch late writes upstream. */
  overlapSeconds: number;
  /** Trace sink (--verbose): fallbacks and surprises. */
  trace(line: string): void;
}

/** One page of upstream records, already mapped to domain records. */
export interface SyncPage {
  /** Writes the page's records (called inside the engine's transaction). */
  apply(db: Db, seenAt: string): UpsertCounts;
  /** The checkpoint after this page: never lower than the one the run started from. */
  highWater: string | null;
  cursor: string | null;
  /** Records in this page. */
  count: number;
  /** Records the whole run expects, when the provider says (for progress). */
  total?: number | null;
}

export interface SyncResource {
  /** User-facing name, e.g. "contacts" (`sync --resource contacts`). */
  name: string;
  /** The cache table the resource fills (used by --full to mark vanished records removed). */
  table: ProcessorTable;
  pages(from: SyncCheckpoint, options: SyncOptions): AsyncIterable<SyncPage>;
}

export interface SyncSource {
  source: ProcessorSource;
  /** "Fortis", "Cash Practice". */
  label: string;
  resources: SyncResource[];
  /** The provider's largest page, when below `sync.page_size` (the engine asks for no more). */
  maxPageSize?: number;
}
