// SMS segment counting (integrations/messaging.md): GSM-7 160/153, UCS-2 70/67. One character
// outside the GSM-7 alphabet (an emoji, a curly quote) makes the whole message UCS-2.

const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Extension characters take an escape plus the character: two septets each.
const gsmExtension = '\f^{}\\[~]|€';

const basicSet = new Set(gsmBasic);
const extensionSet = new Set(gsmExtension);

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Length in the encoding's units (septets for GSM-7, UTF-16 code units for UCS-2). */
  units: number;
  segments: number;
}

/** Counts the billed segments of an SMS body. */
export function countSegments(body: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (basicSet.has(ch)) septets += 1;
    else if (extensionSet.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    return {
      encoding: 'GSM-7',
      units: septets,
      segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153),
    };
  }
  const units = body.length;
  return {
    encoding: 'UCS-2',
    units,
    segments: units <= 70 ? 1 : Math.ceil(units / 67),
  };
}
