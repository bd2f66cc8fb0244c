import { existsSync, readFileSync, statSync } from 'node:fs';
import { LocalStateError } from '../errors.js';
import type { SecretMasker } from '../terminal/mask.js';
import { writePrivateFile } from './files.js';

export type CredentialProvider = 'fortis' | 'cashpractice' | 'twilio' | 'smtp';

interface FieldDef {
  name: string;
  env?: string;
  secret: boolean;
}

/** The credential fields of each provider, which are secret, and the env variable that overrides each. */
export const credentialFields: Record<CredentialProvider, readonly FieldDef[]> = {
  fortis: [
    { name: 'user_id', env: 'TRACKSTAT_FORTIS_USER_ID', secret: false },
    { name: 'user_api_key', env: 'TRACKSTAT_FORTIS_USER_API_KEY', secret: true },
    { name: 'location_id', env: 'TRACKSTAT_FORTIS_LOCATION_ID', secret: false },
    { name: 'developer_id', env: 'TRACKSTAT_FORTIS_DEVELOPER_ID', secret: false },
    { name: 'base_url', secret: false },
    { name: 'location_name', secret: false },
  ],
  cashpractice: [
    { name: 'api_key', env: 'TRACKSTAT_CASHPRACTICE_API_KEY', secret: true },
    { name: 'base_url', secret: false },
    { name: 'practice_name', secret: false },
  ],
  twilio: [
    { name: 'account_sid', env: 'TRACKSTAT_TWILIO_ACCOUNT_SID', secret: false },
    { name: 'auth_token', env: 'TRACKSTAT_TWILIO_AUTH_TOKEN', secret: true },
    { name: 'from', secret: false },
    { name: 'messaging_service_sid', secret: false },
    { name: 'base_url', secret: false },
  ],
  smtp: [
    { name: 'url', env: 'TRACKSTAT_SMTP_URL', secret: true },
    { name: 'host', secret: false },
    { name: 'port', secret: false },
    { name: 'secure', secret: false },
    { name: 'user', secret: false },
    { name: 'password', env: 'TRACKSTAT_SMTP_PASSWORD', secret: true },
    { name: 'from', secret: false },
  ],
};

export interface Credentials {
  values: Record<string, string>;
  sources: Record<string, 'env' | 'stored'>;
}

type StoredFile = Partial<Record<CredentialProvider, Record<string, string>>>;

/**
 * The per-profile secrets file (credentials.json, mode 0600 in a 0700 folder). Environment variables
 * override stored values so cron can run without storing anything. Every secret that is read is
 * registered with the masker so it can never reach output.
 */
export class CredentialStore {
  private cache: StoredFile | undefined;

  constructor(
    readonly path: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly masker: SecretMasker,
  ) {}

  /** Effective credentials of a provider (env over stored), or undefined when nothing is set. */
  get(provider: CredentialProvider): Credentials | undefined {
    const stored = this.readFile()[provider] ?? {};
    const values: Record<string, string> = {};
    const sources: Record<string, 'env' | 'stored'> = {};
    for (const field of credentialFields[provider]) {
      const fromEnv = field.env ? this.env[field.env] : undefined;
      if (fromEnv !== undefined && fromEnv !== '') {
        values[field.name] = fromEnv;
        sources[field.name] = 'env';
      } else if (stored[field.name] !== undefined) {
        values[field.name] = String(stored[field.name]);
        sources[field.name] = 'stored';
      }
      if (field.secret) this.masker.add(values[field.name]);
    }
    if (provider === 'smtp' && values.url) this.registerUrlPassword(values.url);
    return Object.keys(values).length === 0 ? undefined : { values, sources };
  }

  /** Replaces the stored credentials of a provider. */
  set(provider: CredentialProvider, values: Record<string, string>): void {
    const file = { ...this.readFile() };
    const clean: Record<string, string> = {};
    for (const field of credentialFields[provider]) {
      const v = values[field.name];
      if (v !== undefined && v !== '') clean[field.name] = v;
      if (field.secret) this.masker.add(v);
    }
    file[provider] = clean;
    this.write(file);
  }

  /** Deletes the stored credentials of a provider; returns whether anything was stored. */
  remove(provider: CredentialProvider): boolean {
    const file = { ...this.readFile() };
    if (!file[provider]) return false;
    delete file[provider];
    this.write(file);
    return true;
  }

  /** Whether a secret field of this provider is marked secret (for masking in listings). */
  static isSecret(provider: CredentialProvider, field: string): boolean {
    return credentialFields[provider].some((f) => f.name === field && f.secret);
  }

  private registerUrlPassword(url: string): void {
    try {
      const u = new URL(url);
      if (u.password) this.masker.add(decodeURIComponent(u.password));
    } catch {
      // an unparsable URL is reported where it is used
    }
  }

  private readFile(): StoredFile {
    if (this.cache) return this.cache;
    if (!existsSync(this.path)) return (this.cache = {});
    const mode = statSync(this.path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new LocalStateError(
        `Refusing to use ${this.path}: it is readable by other users (mode ${mode.toString(8).padStart(3, '0')}).`,
        `Make it private with: chmod 600 "${this.path}"`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new LocalStateError(
        `The credentials file ${this.path} is not valid JSON.`,
        'Delete it and connect again (trackstat connect …).',
        { cause: err },
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new LocalStateError(
        `The credentials file ${this.path} is damaged.`,
        'Delete it and connect again.',
      );
    }
    const file = parsed as StoredFile;
    for (const provider of Object.keys(credentialFields) as CredentialProvider[]) {
      const section = file[provider];
      if (!section) continue;
      for (const field of credentialFields[provider]) {
        if (field.secret) this.masker.add(section[field.name]);
      }
      if (provider === 'smtp' && section.url) this.registerUrlPassword(section.url);
    }
    this.cache = file;
    return file;
  }

  private write(file: StoredFile): void {
    writePrivateFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
    this.cache = file;
  }
}
