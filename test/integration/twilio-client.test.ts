import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../src/integrations/errors.js';
import { TwilioClient } from '../../src/integrations/twilio/client.js';
import { TwilioSendError, twilioErrorAction } from '../../src/integrations/twilio/errors.js';

const sid = `AC${'a'.repeat(32)}`;
const token = 'tok-secret-9876';
const base = 'https://api.twilio.test';
const basic = `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;

function client(extra: { messagingServiceSid?: string } = {}) {
  return new TwilioClient({
    accountSid: sid,
    authToken: token,
    from: '+15550001111',
    ...extra,
    baseUrl: base,
    trace: () => undefined,
    sleep: async () => undefined,
  });
}

describe('Twilio client', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });

  it('posts a form-encoded message with Basic auth, From, Body and ValidityPeriod', async () => {
    let seen: Record<string, string> = {};
    nock(base, { reqheaders: { authorization: basic } })
      .post(`/2010-04-01/Accounts/${sid}/Messages.json`, (body: Record<string, string>) => {
        seen = body;
        return true;
      })
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(201, { sid: 'SM1', status: 'queued', to: '+15552223333' });
    const m = await client().send({
      to: '+15552223333',
      body: 'Hello & bye',
      validitySeconds: 3600,
    });
    expect(m).toMatchObject({ sid: 'SM1', status: 'queued' });
    expect(seen).toEqual({
      To: '+15552223333',
      From: '+15550001111',
      Body: 'Hello & bye',
      ValidityPeriod: '3600',
    });
  });

  it('uses MessagingServiceSid instead of From when configured', async () => {
    const service = `MG${'b'.repeat(32)}`;
    nock(base)
      .post(`/2010-04-01/Accounts/${sid}/Messages.json`, (b: Record<string, string>) => {
        return b.MessagingServiceSid === service && b.From === undefined;
      })
      .reply(201, { sid: 'SM2', status: 'accepted' });
    expect((await client({ messagingServiceSid: service }).send({ to: '+1', body: 'x' })).sid).toBe(
      'SM2',
    );
  });

  it('turns 21610 into an opt-out error that is not retried', async () => {
    nock(base).post(`/2010-04-01/Accounts/${sid}/Messages.json`).once().reply(400, {
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
      status: 400,
    });
    const err = await client()
      .send({ to: '+15552223333', body: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioSendError);
    expect((err as TwilioSendError).code).toBe(21610);
    expect((err as TwilioSendError).action).toBe('opt_out');
  });

  it('retries 429 (never processed) and succeeds', async () => {
    nock(base)
      .post(`/2010-04-01/Accounts/${sid}/Messages.json`)
      .reply(429, { code: 20429, message: 'Too Many Requests' })
      .post(`/2010-04-01/Accounts/${sid}/Messages.json`)
      .reply(201, { sid: 'SM3', status: 'queued' });
    expect((await client().send({ to: '+1555', body: 'x' })).sid).toBe('SM3');
  });

  it('does not retry a 500 on send (it might have been sent)', async () => {
    nock(base).post(`/2010-04-01/Accounts/${sid}/Messages.json`).once().reply(500, {});
    await expect(client().send({ to: '+1555', body: 'x' })).rejects.toMatchObject({
      exitCode: 6,
    });
  });

  it('maps 20003 / HTTP 401 to exit 5', async () => {
    nock(base)
      .get(`/2010-04-01/Accounts/${sid}.json`)
      .reply(401, { code: 20003, message: 'Authenticate' });
    const err = await client()
      .verify()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(5);
    expect((err as Error).message).not.toContain(token);
  });

  it('looks up a message and lists messages to a number', async () => {
    nock(base)
      .get(`/2010-04-01/Accounts/${sid}/Messages/SM9.json`)
      .reply(200, { sid: 'SM9', status: 'delivered', to: '+1555' })
      .get(`/2010-04-01/Accounts/${sid}/Messages.json`)
      .query({ To: '+1555', PageSize: '50' })
      .reply(200, {
        messages: [
          {
            sid: 'SM8',
            status: 'sent',
            to: '+1555',
            date_created: 'Tue, 10 Mar 2026 15:00:05 +0000',
          },
          {
            sid: 'SM7',
            status: 'sent',
            to: '+1555',
            date_created: 'Mon, 09 Mar 2026 15:00:05 +0000',
          },
        ],
      });
    expect((await client().get('SM9')).status).toBe('delivered');
    const list = await client().listTo('+1555', new Date('2026-03-10T15:00:00Z'));
    expect(list.map((m) => m.sid)).toEqual(['SM8']);
  });

  it('maps every documented error code to its action', () => {
    expect(twilioErrorAction(21211)).toBe('bad_number');
    expect(twilioErrorAction(21614)).toBe('not_mobile');
    expect(twilioErrorAction(21635)).toBe('not_mobile');
    expect(twilioErrorAction(21608)).toBe('config');
    expect(twilioErrorAction(21611)).toBe('slow_down');
    expect(twilioErrorAction(30001)).toBe('slow_down');
    expect(twilioErrorAction(20003)).toBe('auth');
    expect(twilioErrorAction(12345)).toBe('failed');
  });
});
