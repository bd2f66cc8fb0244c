import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardUpdateLinkPort } from '../../src/blast/links.js';
import { runCardUpdateBlast, type BlastOptions } from '../../src/blast/run.js';
import { createMailer } from '../../src/integrations/smtp/mailer.js';
import { TwilioClient } from '../../src/integrations/twilio/client.js';
import type { Db } from '../../src/store/db.js';
import type { ConfigStore } from '../../src/home/config.js';
import { recordOptOut } from '../../src/messaging/opt-outs.js';
import { blastFixture, type FixturePatient } from '../helpers/blast-fixture.js';
import { createTestIo } from '../helpers/io.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const sid = `AC${'c'.repeat(32)}`;
const base = 'https://twilio.blast.test';
const messagesPath = `/2010-04-01/Accounts/${sid}/Messages.json`;
const basic = `Basic ${Buffer.from(`${sid}:secret-token`).toString('base64')}`;
// 11:00 in Chicago (CDT), inside 09:00-20:00.
const inside = '2026-03-10T16:00:00Z';

let sink: SmtpSink;

function twilio() {
  return new TwilioClient({
    accountSid: sid,
    authToken: 'secret-token',
    from: '+15559990000',
    baseUrl: base,
    trace: () => undefined,
    sleep: async () => undefined,
  });
}

function fakePort(calls: string[]): CardUpdateLinkPort {
  return {
    source: 'fortis',
    async create(r) {
      calls.push(r.apiId);
      return { upstreamId: `pl-${r.apiId}`, url: `https://pay.test/${r.apiId}` };
    },
  };
}

async function blast(
  env: { db: Db; config: ConfigStore; dir: string },
  opts: Partial<BlastOptions> & { now?: string } = {},
  linkCalls: string[] = [],
) {
  const t = createTestIo({ now: opts.now ?? inside });
  const result = await runCardUpdateBlast(
    {
      audiences: ['missing', 'expired', 'expiring'],
      channel: 'both',
      dryRun: false,
      yes: true,
      schedule: false,
      ...opts,
    },
    {
      io: t.io,
      db: env.db,
      config: env.config,
      templatesDir: `${env.dir}/templates`,
      sms: twilio(),
      openMailer: () =>
        createMailer({ host: '127.0.0.1', port: sink.port, tls: 'none', from: 'desk@clinic.test' }),
      ports: { fortis: fakePort(linkCalls) },
      confirm: async () => true,
      sleep: async () => undefined,
    },
  );
  return { result, stderr: t.stderr };
}

function status(
  db: Db,
): Array<{ account: string; channel: string; status: string; code: string | null }> {
  return db
    .prepare(
      `SELECT p.account, m.channel, m.status, m.error_code AS code FROM messages m
       JOIN patients p ON p.id = m.patient_id ORDER BY p.account, m.channel`,
    )
    .all() as Array<{ account: string; channel: string; status: string; code: string | null }>;
}

const patients: FixturePatient[] = [
  { account: '1', first: 'Ann', card: [1, 2026] }, // expired, texts
  { account: '2', first: 'Bob', dnc: true }, // missing card, do-not-contact
  { account: '3', first: 'Cy', mobile: null, card: [3, 2026] }, // expiring, email only
  { account: '4', first: 'Di', consent: false }, // missing card, no SMS consent → email
  { account: '5', first: 'Ed', card: [12, 2030] }, // card ok: not in the audience
];

describe('card-update blast (use case)', () => {
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    nock.enableNetConnect();
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
    sink.mails.length = 0;
  });

  it('texts and emails the audience with a link, skips do-not-contact, and a re-run sends nothing new', async () => {
    const env = blastFixture(patients);
    const bodies: Array<Record<string, string>> = [];
    nock(base, { reqheaders: { authorization: basic } })
      .post(messagesPath, (b: Record<string, string>) => {
        bodies.push(b);
        return true;
      })
      .reply(201, { sid: 'SM1', status: 'queued' });
    const links: string[] = [];
    const { result } = await blast(env, {}, links);
    expect(result.outcome).toBe('done');
    expect(result.send).toMatchObject({ sent: 3, failed: 0 });
    expect(result.plan.skipped).toEqual({ do_not_contact: 1 });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ To: '+15550000001', From: '+15559990000' });
    expect(bodies[0]!.Body).toMatch(
      /^Main Street Chiro: Hi Ann, .*https:\/\/pay\.test\/ts-cu-.*-p1 .*\(555\) 123-4567 Reply STOP to opt out\.$/,
    );
    expect(Number(bodies[0]!.ValidityPeriod)).toBeGreaterThan(0);
    expect(sink.mails.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'cy3@example.test',
      'di4@example.test',
    ]);
    expect(sink.mails[0]!.text).toContain('https://pay.test/ts-cu-');
    expect(links).toHaveLength(3);
    expect(status(env.db)).toEqual([
      { account: '1', channel: 'sms', status: 'sent', code: null },
      { account: '3', channel: 'email', status: 'sent', code: null },
      { account: '4', channel: 'email', status: 'sent', code: null },
    ]);
    const linkRows = env.db
      .prepare(`SELECT purpose, status, upstream_id FROM payment_links ORDER BY id`)
      .all() as Array<{ purpose: string; status: string; upstream_id: string }>;
    expect(linkRows.every((l) => l.purpose === 'card_update' && l.status === 'open')).toBe(true);

    // Same blast again (an hour later): everything is in cool-down; no request, no email.
    const again = await blast(env, { now: '2026-03-10T17:00:00Z' }, links);
    expect(again.result.outcome).toBe('nothing_to_send');
    expect(again.result.plan.skipped).toMatchObject({ cooldown: 3, do_not_contact: 1 });
    expect(sink.mails).toHaveLength(2);
    expect(links).toHaveLength(3);
  });

  it('records a STOP (21610): the next blast sends that patient email, not a text', async () => {
    const env = blastFixture([{ account: '1', first: 'Ann', card: [1, 2026] }]);
    env.config.set('messaging.cooldown_days', '0');
    nock(base)
      .post(messagesPath)
      .reply(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const first = await blast(env);
    expect(first.result.outcome).toBe('partial');
    expect(first.result.send?.failedCodes).toEqual({ '21610': 1 });
    expect(env.db.prepare('SELECT channel, address, reason FROM opt_outs').all()).toEqual([
      { channel: 'sms', address: '+15550000001', reason: 'twilio 21610' },
    ]);
    const second = await blast(env, { now: '2026-03-11T16:00:00Z' });
    expect(second.result.outcome).toBe('done');
    expect(second.result.send?.sent).toBe(1);
    expect(sink.mails).toHaveLength(1);
    expect(status(env.db).map((r) => `${r.channel}:${r.status}`)).toEqual([
      'email:sent',
      'sms:failed',
    ]);
  });

  it('sends nothing outside the window and says so; --schedule plans for the next run', async () => {
    const env = blastFixture(patients);
    const night = '2026-03-11T04:00:00Z'; // 23:00 in Chicago
    const quiet = await blast(env, { now: night });
    expect(quiet.result.outcome).toBe('quiet_hours');
    expect(status(env.db)).toEqual([]);
    const scheduled = await blast(env, { now: night, schedule: true });
    expect(scheduled.result.outcome).toBe('scheduled');
    expect(status(env.db).map((r) => r.status)).toEqual(['planned', 'planned', 'planned']);
    nock(base).post(messagesPath).reply(201, { sid: 'SM5', status: 'queued' });
    const morning = await blast(env, { now: '2026-03-11T15:00:00Z' });
    expect(morning.result.plan.resumed).toBe(true);
    expect(morning.result.send?.sent).toBe(3);
    expect(status(env.db).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('resolves a message left `sending` by a dead run through the Twilio look-up, never resending it', async () => {
    const env = blastFixture([
      { account: '1', first: 'Ann', card: [1, 2026] },
      { account: '6', first: 'Fay', card: [1, 2026] },
    ]);
    await blast(env, { now: '2026-03-11T04:00:00Z', schedule: true });
    // Simulate a crash right after `sending` was committed for Ann.
    env.db
      .prepare(
        `UPDATE messages SET status = 'sending', attempted_at = '2026-03-11T15:00:00.000Z'
         WHERE to_address = '+15550000001'`,
      )
      .run();
    nock(base)
      .get(messagesPath)
      .query(true)
      .reply(200, {
        messages: [
          {
            sid: 'SMann',
            status: 'delivered',
            to: '+15550000001',
            date_created: 'Wed, 11 Mar 2026 15:00:01 +0000',
          },
        ],
      })
      .post(messagesPath, (b: Record<string, string>) => b.To === '+15550000006')
      .reply(201, { sid: 'SMfay', status: 'queued' });
    const run = await blast(env, { now: '2026-03-11T15:30:00Z' });
    expect(run.result.resolved).toMatchObject({ checked: 1, sent: 1 });
    expect(
      env.db.prepare(`SELECT to_address, status, provider_id FROM messages ORDER BY id`).all(),
    ).toEqual([
      { to_address: '+15550000001', status: 'sent', provider_id: 'SMann' },
      { to_address: '+15550000006', status: 'sent', provider_id: 'SMfay' },
    ]);
  });

  it('stops the run when more than 20% of the first 20 sends fail', async () => {
    const many: FixturePatient[] = Array.from({ length: 30 }, (_, i) => ({
      account: String(100 + i),
      first: 'Pat',
      card: [1, 2026] as [number, number],
    }));
    const env = blastFixture(many);
    nock(base).post(messagesPath).times(8).reply(400, { code: 21211, message: 'Invalid To' });
    const run = await blast(env);
    expect(run.result.outcome).toBe('aborted');
    // Four messages are in flight at a time: the 5th failure stops the run within a few sends.
    const failed = run.result.send?.failed ?? 0;
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(failed).toBeLessThanOrEqual(8);
    expect(run.result.send?.sent).toBe(0);
    expect(run.result.send?.skipped).toEqual({ run_aborted: 30 - failed });
    nock.cleanAll();
  });

  it('--limit caps a run; the next run reaches the patients left over', async () => {
    const env = blastFixture(
      ['1', '2', '3'].map((a) => ({
        account: a,
        first: 'Em',
        mobile: null,
        card: [1, 2026] as [number, number],
      })),
    );
    const first = await blast(env, { limit: 2 });
    expect(first.result.send?.sent).toBe(2);
    expect(first.result.plan.skipped).toEqual({ limit: 1 });
    const second = await blast(env, { now: '2026-03-10T17:00:00Z' });
    expect(second.result.send?.sent).toBe(1);
    expect(second.result.plan.skipped).toEqual({ cooldown: 2 });
    expect(sink.mails).toHaveLength(3);
  });

  it('--limit counts the messages left from a resumed run: a scheduled run never sends more than the limit', async () => {
    const env = blastFixture(
      ['1', '2', '3', '4'].map((a) => ({
        account: a,
        first: 'Em',
        mobile: null,
        card: [1, 2026] as [number, number],
      })),
    );
    const night = await blast(env, { now: '2026-03-11T04:00:00Z', schedule: true, limit: 2 });
    expect(night.result.outcome).toBe('scheduled');
    const morning = await blast(env, { now: '2026-03-11T15:00:00Z', limit: 2 });
    expect(morning.result.plan.resumed).toBe(true);
    expect(morning.result.plan.pending).toBe(2);
    expect(morning.result.plan.sends).toHaveLength(0);
    expect(morning.result.send?.sent).toBe(2);
    expect(sink.mails).toHaveLength(2);
  });

  it('re-checks opt-outs right before sending: a STOP recorded after planning wins', async () => {
    const env = blastFixture([{ account: '1', first: 'Ann', card: [1, 2026] }]);
    await blast(env, { now: '2026-03-11T04:00:00Z', schedule: true });
    recordOptOut(env.db, 'sms', '+15550000001', 'manual', new Date('2026-03-11T05:00:00Z'));
    const morning = await blast(env, { now: '2026-03-11T15:00:00Z' });
    expect(morning.result.send).toMatchObject({ sent: 0, skipped: { sms_opted_out: 1 } });
    expect(status(env.db)).toEqual([
      { account: '1', channel: 'sms', status: 'skipped', code: null },
    ]);
  });

  it('warns when practice.name is not set (messages would be signed "Your clinic")', async () => {
    const env = blastFixture(patients);
    const named = await blast(env, { dryRun: true });
    expect(named.stderr()).not.toContain('practice.name');
    env.config.unset('practice.name');
    const unnamed = await blast(env, { dryRun: true });
    expect(unnamed.stderr()).toContain(
      'warning: practice.name is not set, so messages are signed "Your clinic"',
    );
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const env = blastFixture(patients);
    const run = await blast(env, { dryRun: true });
    expect(run.result.outcome).toBe('dry_run');
    expect(run.result.plan.sends.map((s) => s.channel)).toEqual(['sms', 'email', 'email']);
    expect(run.result.plan.segments).toBe(2);
    expect(env.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    expect(env.db.prepare('SELECT count(*) FROM blast_runs').pluck().get()).toBe(0);
    expect(env.db.prepare('SELECT count(*) FROM payment_links').pluck().get()).toBe(0);
  });
});
