import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/home/config.js';
import { CredentialStore } from '../../src/home/secrets.js';
import { connectFortis } from '../../src/integrations/fortis/connect.js';
import type { Io } from '../../src/terminal/io.js';
import { createTestIo } from '../helpers/io.js';

const base = 'http://fortis.test';

/** Types one answer once its prompt is showing. */
async function answer(io: Io, stderr: () => string, question: string, text: string): Promise<void> {
  // Later prompts may not have drawn yet (or draw on a fresh line); a short wait is enough.
  for (let i = 0; i < 40 && !stderr().includes(question); i++)
    await new Promise((r) => setTimeout(r, 10));
  for (const ch of [...text, '\r']) {
    await new Promise((r) => setTimeout(r, 2));
    (io.stdin as unknown as { write(s: string): void }).write(ch);
  }
}

describe('connect fortis on a terminal', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('asks for each value, hides the key, and offers the primary location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-connect-'));
    const { io, stderr } = createTestIo({ tty: true });
    const key = 'typed-secret-key-987';
    nock(base, { reqheaders: { 'user-api-key': key, 'user-id': 'u-1', 'developer-id': 'dev-9' } })
      .get('/v1/users/me')
      .reply(200, { type: 'User', data: { id: 'u-1', primary_location_id: 'loc-main' } })
      .get('/v1/locations/loc-main')
      .reply(200, { type: 'Location', data: { id: 'loc-main', name: 'Main Street Chiropractic' } });
    const credentials = new CredentialStore(join(dir, 'credentials.json'), {}, io.masker);
    const done = connectFortis(
      { baseUrl: base, verify: true },
      { io, credentials, config: new ConfigStore(join(dir, 'config.json')) },
    );
    await answer(io, stderr, 'Fortis user ID', 'u-1');
    await answer(io, stderr, 'Fortis user API key', key);
    await answer(io, stderr, 'Fortis developer ID', 'dev-9');
    await answer(io, stderr, 'Fortis location ID', ''); // Enter accepts the primary location
    const result = await done;
    expect(result).toMatchObject({
      locationId: 'loc-main',
      locationName: 'Main Street Chiropractic',
      keyFrom: 'prompt',
    });
    expect(stderr()).not.toContain(key);
    expect(credentials.get('fortis')?.values).toMatchObject({
      user_id: 'u-1',
      user_api_key: key,
      developer_id: 'dev-9',
      location_id: 'loc-main',
      location_name: 'Main Street Chiropractic',
      base_url: base,
    });
    expect(nock.isDone()).toBe(true);
  });
});
