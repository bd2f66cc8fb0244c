// Pay-wall links as Fortis sale paylinks (fortis.md §10): Fortis sends nothing itself
// (delivery_method 0); trackstat texts/emails the payment_url through its own messaging rules.
import type { FortisClient } from '../integrations/fortis/client.js';
import { MalformedResponseError } from '../integrations/errors.js';
import { createPaylink } from '../integrations/fortis/writes.js';
import type { PaylinkPort } from './links.js';

/** The pay-wall link port over a Fortis client. */
export function fortisPaylinkPort(client: FortisClient): PaylinkPort {
  return {
    source: 'fortis',
    async create(r) {
      const record = await createPaylink(client, {
        apiId: r.apiId,
        contactId: r.contactId,
        amountCents: r.amountCents,
        action: 'sale',
        storeToken: false,
        description: r.description.slice(0, 64),
        deliveryMethod: 0,
      });
      if (!record.url) {
        throw new MalformedResponseError(
          'Fortis created the paylink but returned no payment_url.',
          {
            provider: 'fortis',
            field: 'payment_url',
          },
        );
      }
      return { upstreamId: record.upstreamId, url: record.url };
    },
  };
}
