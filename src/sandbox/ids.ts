/**
 * Deterministic record ids. Fortis ids are 24 hex digits like the real ones
 * (`11e95f8ec39de8fbdb0a4f1a`): a fixed prefix, a resource code, the seed and a counter.
 */
export const IdKind = {
  user: 0x01,
  location: 0x02,
  contact: 0x03,
  token: 0x04,
  recurring: 0x05,
  transaction: 0x06,
  declined: 0x07,
  quickInvoice: 0x08,
  paylink: 0x09,
  productTransaction: 0x0a,
} as const;

export type IdKindName = keyof typeof IdKind;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/** Hands out ids per resource; the emulator keeps counting where the generator stopped. */
export class IdFactory {
  private readonly counters = new Map<IdKindName, number>();
  private readonly seedHex: string;

  constructor(seed: number) {
    this.seedHex = hex(seed >>> 0, 6);
  }

  /** The next Fortis-style id for a resource. */
  fortis(kind: IdKindName): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `11ee${hex(IdKind[kind], 2)}${this.seedHex}${hex(n, 12)}`;
  }

  /** The next Cash Practice-style id, e.g. `pat_000123`. */
  cashPractice(prefix: string): string {
    const key = `cp:${prefix}` as IdKindName;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${prefix}_${String(n).padStart(6, '0')}`;
  }
}
