// Card-update links as Fortis paylinks (fortis.md §10): auth-only for a small amount, storing the
// card as a new token, delivery_method 0 (trackstat sends the message itself).
import { MalformedResponseError } from '../integrations/errors.js';
import type { FortisClient } from '../integrations/fortis/client.js';
import { createPaylink } from '../integrations/fortis/writes.js';
import type { CardUpdateLinkPort } from './links.js';

/** The card-update link port over a Fortis client. */
export function fortisCardUpdatePort(client: FortisClient): CardUpdateLinkPort {
  return {
    source: 'fortis',
    async create(r) {
      const record = await createPaylink(client, {
        apiId: r.apiId,
        contactId: r.contactId,
        amountCents: r.amountCents,
        action: 'auth-only',
        storeToken: true,
        description: 'Update your card on file',
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
