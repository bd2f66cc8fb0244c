import { chmodSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialStore } from '../../../src/home/secrets.js';
import { LocalStateError } from '../../../src/errors.js';
import { SecretMasker } from '../../../src/terminal/mask.js';
import { tempHome } from '../../helpers/cli.js';

function path(): string {
  return join(tempHome(), 'profiles', 'default', 'credentials.json');
}

describe('CredentialStore', () => {
  it('stores credentials in a 0600 file inside a 0700 folder', () => {
    const p = path();
    const s = new CredentialStore(p, {}, new SecretMasker());
    s.set('fortis', { user_id: 'u-1', user_api_key: 'key-abcdef-123456', location_id: 'loc-9' });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(p)).mode & 0o777).toBe(0o700);
    const again = new CredentialStore(p, {}, new SecretMasker()).get('fortis');
    expect(again?.values).toEqual({
      user_id: 'u-1',
      user_api_key: 'key-abcdef-123456',
      location_id: 'loc-9',
    });
    expect(again?.sources.user_api_key).toBe('stored');
  });

  it('refuses a group/world-readable file and names the chmod that fixes it', () => {
    const p = path();
    new CredentialStore(p, {}, new SecretMasker()).set('cashpractice', {
      api_key: 'cp_live_0000abcd',
    });
    chmodSync(p, 0o644);
    const s = new CredentialStore(p, {}, new SecretMasker());
    let err: unknown;
    try {
      s.get('cashpractice');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocalStateError);
    expect((err as LocalStateError).message).toContain('mode 644');
    expect((err as LocalStateError).hint).toBe(`Make it private with: chmod 600 "${p}"`);
    expect((err as LocalStateError).message).not.toContain('cp_live_0000abcd');
  });

  it('lets environment variables override stored values', () => {
    const p = path();
    new CredentialStore(p, {}, new SecretMasker()).set('fortis', {
      user_id: 'stored-user',
      user_api_key: 'stored-key-111111',
    });
    const s = new CredentialStore(
      p,
      { TRACKSTAT_FORTIS_USER_API_KEY: 'env-key-222222', TRACKSTAT_FORTIS_LOCATION_ID: '' },
      new SecretMasker(),
    );
    const c = s.get('fortis');
    expect(c?.values.user_api_key).toBe('env-key-222222');
    expect(c?.sources.user_api_key).toBe('env');
    expect(c?.values.user_id).toBe('stored-user');
    expect(c?.sources.user_id).toBe('stored');
    expect(c?.values.location_id).toBeUndefined();
  });

  it('works from environment variables alone (cron without a stored secret)', () => {
    const s = new CredentialStore(
      path(),
      { TRACKSTAT_TWILIO_ACCOUNT_SID: 'AC123', TRACKSTAT_TWILIO_AUTH_TOKEN: 'tok-abcdef-987654' },
      new SecretMasker(),
    );
    expect(s.get('twilio')?.values).toEqual({
      account_sid: 'AC123',
      auth_token: 'tok-abcdef-987654',
    });
    expect(s.get('smtp')).toBeUndefined();
  });

  it('registers every secret it reads (stored, env, and an SMTP URL password) with the masker', () => {
    const p = path();
    mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
    writeFileSync(
      p,
      JSON.stringify({
        fortis: { user_id: 'plain-user-id', user_api_key: 'fortis-secret-555555' },
        smtp: { url: 'smtps://me:mail%2Fpass99@mail.example:465' },
      }),
      { mode: 0o600 },
    );
    const masker = new SecretMasker();
    const s = new CredentialStore(
      p,
      { TRACKSTAT_CASHPRACTICE_API_KEY: 'cp-env-secret-777' },
      masker,
    );
    s.get('cashpractice');
    s.get('smtp');
    const text = masker.mask(
      'fortis-secret-555555 cp-env-secret-777 mail/pass99 plain-user-id smtps://me:mail%2Fpass99@x',
    );
    expect(text).not.toContain('fortis-secret-555555');
    expect(text).not.toContain('cp-env-secret-777');
    expect(text).not.toContain('mail/pass99');
    expect(text).not.toContain('mail%2Fpass99');
    expect(text).toContain('plain-user-id');
  });

  it('removes a provider', () => {
    const p = path();
    const s = new CredentialStore(p, {}, new SecretMasker());
    s.set('twilio', { account_sid: 'AC1', auth_token: 'token-123456' });
    expect(s.remove('twilio')).toBe(true);
    expect(s.remove('twilio')).toBe(false);
    expect(new CredentialStore(p, {}, new SecretMasker()).get('twilio')).toBeUndefined();
  });

  it('marks which fields are secret', () => {
    expect(CredentialStore.isSecret('fortis', 'user_api_key')).toBe(true);
    expect(CredentialStore.isSecret('fortis', 'user_id')).toBe(false);
    expect(CredentialStore.isSecret('smtp', 'password')).toBe(true);
  });
});
