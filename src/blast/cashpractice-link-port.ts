// Card-update links for Cash Practice patients: its pay-now link in "store billing" mode, which
// saves the card to the Billing Vault (cashpractice.md).
import type { CashPracticeClient } from '../integrations/cashpractice/client.js';
import { createPayNowLink } from '../integrations/cashpractice/client.js';
import { InvalidInputError } from '../errors.js';
import type { CardUpdateLinkPort } from './links.js';

/** The card-update link port over a Cash Practice client. */
export function cashPracticeCardUpdatePort(client: CashPracticeClient): CardUpdateLinkPort {
  return {
    source: 'cashpractice',
    async create(r) {
      if (!r.contactId) {
        throw new InvalidInputError('A Cash Practice link needs the patient’s Cash Practice id.');
      }
      const link = await createPayNowLink(client, {
        patientId: r.contactId,
        purpose: 'store_billing',
        reference: r.apiId,
      });
      return { upstreamId: link.id, url: link.url };
    },
  };
}
