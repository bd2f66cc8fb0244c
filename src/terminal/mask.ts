/** Shows at most the last four characters of a secret: `••••1234`. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '••••';
  return `••••${secret.slice(-4)}`;
}

const authorizationValue = /\b(Basic|Bearer)\s+[A-Za-z0-9+/_.~-]{16,}={0,2}/g;

/**
 * Remembers every secret the run has loaded and replaces it in any text bound for output.
 * The error handler, the logger and the --verbose HTTP trace all pass text through `mask`.
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();

  /** Registers a secret value (ignored when shorter than 6 characters, which would mask ordinary words). */
  add(secret: string | undefined | null): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  /** Replaces every registered secret in `text` with its masked form. */
  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded))
        out = out.split(encoded).join(maskSecret(secret));
    }
    // An Authorization value echoed back by a server (e.g. Basic base64("sid:token")) hides a
    // secret in a form the list above cannot know, so any credential after the scheme is masked.
    return out.replace(authorizationValue, '$1 ••••');
  }
}
