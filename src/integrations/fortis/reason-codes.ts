// Fortis `reason_code_id` → short text (fortis.md §3.3, from the vendor SDK's ReasonCodeId enum).
// Reports show the text ("NSF", "Card expired", "Do not honor"); the code is stored too.

const reasonTexts: Record<number, string> = {
  0: 'N/A',
  1000: 'Approved',
  1001: 'Auth completed',
  1002: 'Forced',
  1003: 'Auth-only declined',
  1004: 'Validation failure',
  1005: 'Processor response invalid',
  1200: 'Voided',
  1201: 'Partial approval',
  1240: 'Approved, optional fields missing',
  1301: 'Deactivated for fraud',
  1500: 'Generic decline',
  1510: 'Call issuer',
  1518: 'Not permitted (terminal)',
  1520: 'Pick up card',
  1530: 'Retry',
  1531: 'Communication error',
  1540: 'Setup issue',
  1541: 'Not signature capable',
  1588: 'Could not de-tokenize',
  1599: 'Other',
  1601: 'Generic decline',
  1602: 'Call issuer',
  1603: 'No reply',
  1604: 'Pick up card (no fraud)',
  1605: 'Pick up card (fraud)',
  1606: 'Pick up card (lost)',
  1607: 'Pick up card (stolen)',
  1608: 'Account error',
  1609: 'Already reversed',
  1610: 'Bad PIN',
  1611: 'Cashback error',
  1612: 'Cashback error',
  1613: 'CID error',
  1614: 'Date error',
  1615: 'Do not honor',
  1616: 'NSF',
  1618: 'Invalid service code',
  1619: 'Activity limit exceeded',
  1620: 'Violation',
  1621: 'Encryption error',
  1622: 'Card expired',
  1623: 'Renter',
  1624: 'Security violation',
  1625: 'Card not permitted',
  1626: 'Transaction not permitted',
  1627: 'System error',
  1628: 'Bad merchant id',
  1629: 'Batch error',
  1630: 'Batch error',
  1631: 'Account closed',
  1632: 'PIN tries exceeded',
  1640: 'ACH required fields missing',
  1641: 'ACH required fields missing',
  1650: 'Contact support',
  1651: 'ACH throttle',
  1652: 'Max attempts exceeded',
  1653: 'Contact support',
  1654: 'Online reversal failed',
  1655: 'AVS auto-reversal',
  1656: 'CVV auto-reversal',
  1657: 'Partial-auth auto-reversal',
  1658: 'Expired authorization',
  1659: 'Partial approval not supported',
  1660: 'Bank account error',
  1661: 'Declined auth increment',
  1701: 'Chip reject',
  1800: 'Incorrect CVV',
  1801: 'Duplicate transaction',
  1802: 'MID/TID not registered',
  1803: 'Stop recurring',
  1804: 'Batch error',
  1805: 'Batch error',
  2101: 'NSF (ACH return)',
  2102: 'Account closed (ACH return)',
  2200: 'Processor void',
};

/** The text for a Fortis reason code (a generic label for codes outside the table). */
export function reasonText(code: number | null): string | null {
  if (code === null) return null;
  const known = reasonTexts[code];
  if (known !== undefined) return known;
  if (code >= 1302 && code <= 1399) return 'Fraud (reserved)';
  if (code >= 1662 && code <= 1668) return 'Declined';
  if (code >= 2101 && code <= 2183) return `ACH return R${String(code - 2100).padStart(2, '0')}`;
  if (code >= 2201) return 'ACH notice of change';
  return `Reason ${code}`;
}

/** Whether a reason code means success (ActiveMerchant's reading: 1000–1240). */
export function isApprovalReason(code: number | null): boolean {
  return code !== null && code >= 1000 && code <= 1240;
}
