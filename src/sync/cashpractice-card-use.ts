import type { Db } from '../store/db.js';

// Cash Practice billing methods do not say whether an auto-debit charges them (Fortis tokens do),
// so `cards.has_recurring` is derived from the cached auto-debits that are still running.

/** The cards the given auto-debits charge now (before an upsert moves them to another card). */
export function cardsOfAutoDebits(db: Db, autoDebitIds: readonly string[]): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT card_id FROM recurring_plans
         WHERE source = 'cashpractice' AND card_id IS NOT NULL
           AND upstream_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(autoDebitIds)) as Array<{ card_id: string }>
  ).map((r) => r.card_id);
}

/** Recomputes `has_recurring` of the given cards from the cached auto-debits. */
export function markCardsInUse(db: Db, cardIds: Iterable<string>): void {
  db.prepare(
    `UPDATE cards SET has_recurring = used FROM (
       SELECT c.upstream_id AS id, EXISTS (
         SELECT 1 FROM recurring_plans r
         WHERE r.source = 'cashpractice' AND r.card_id = c.upstream_id AND r.removed = 0
           AND r.status IN ('not_started', 'active', 'on_hold')) AS used
       FROM cards c
       WHERE c.source = 'cashpractice' AND c.upstream_id IN (SELECT value FROM json_each(?))
     ) AS u
     WHERE cards.source = 'cashpractice' AND cards.upstream_id = u.id AND cards.has_recurring != u.used`,
  ).run(JSON.stringify([...new Set(cardIds)]));
}
