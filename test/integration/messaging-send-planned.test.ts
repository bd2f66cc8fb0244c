import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/integrations/errors.js';
import { TwilioSendError } from '../../src/integrations/twilio/errors.js';
import { dedupeKey, planMessage, type MessageRow } from '../../src/messaging/ledger.js';
import { sendPlannedMessages } from '../../src/messaging/send-planned.js';
import { blastFixture } from '../helpers/blast-fixture.js';

const now = () => new Date('2026-03-10T16:00:00Z');

function setup() {
  const env = blastFixture([
    { account: '1', first: 'Ann' },
    { account: '2', first: 'Bob' },
  ]);
  const rows = ['1', '2'].map((a) =>
    planMessage(
      env.db,
      {
        runId: 'r1',
        patientId: env.ids[a]!,
        channel: 'sms',
        purpose: 'invoice',
        dedupeKey: dedupeKey('invoice', env.ids[a]!, 'sms', 'r1'),
        to: `+1555000000${a}`,
      },
      now(),
    ),
  );
  return { ...env, rows };
}

const statuses = (env: ReturnType<typeof setup>) =>
  env.db.prepare('SELECT channel, status, error_code FROM messages ORDER BY id').all() as Array<{
    channel: string;
    status: string;
    error_code: string | null;
  }>;

describe('sendPlannedMessages', () => {
  it('falls back to email when the number is not a mobile (21614)', async () => {
    const env = setup();
    const emails: string[] = [];
    const summary = await sendPlannedMessages(
      {
        messages: env.rows,
        prepare: async (row) =>
          row.channel === 'sms'
            ? { channel: 'sms', to: row.to_address!, body: 'hi' }
            : {
                channel: 'email',
                email: { to: row.to_address!, subject: 's', text: 't', html: '<p>t</p>' },
              },
        fallbackToEmail: (row) =>
          planMessage(
            env.db,
            {
              runId: 'r1',
              patientId: row.patient_id!,
              channel: 'email',
              purpose: 'invoice',
              dedupeKey: dedupeKey('invoice', row.patient_id!, 'email', 'r1'),
              to: 'fallback@example.test',
            },
            now(),
          ),
      },
      {
        db: env.db,
        now,
        sms: {
          send: async (m) => {
            if (m.to.endsWith('1')) throw new TwilioSendError('landline', 21614);
            return {
              sid: 'SM2',
              status: 'queued',
              to: m.to,
              errorCode: undefined,
              createdAt: undefined,
            };
          },
        },
        mailer: {
          send: async (e) => {
            emails.push(e.to);
            return { messageId: '<m1@x>' };
          },
        },
      },
    );
    expect(summary).toMatchObject({ sent: 2, failed: 1, failedCodes: { '21614': 1 } });
    expect(emails).toEqual(['fallback@example.test']);
    expect(statuses(env)).toEqual([
      { channel: 'sms', status: 'failed', error_code: '21614' },
      { channel: 'sms', status: 'sent', error_code: null },
      { channel: 'email', status: 'sent', error_code: null },
    ]);
  });

  it('a timeout on send leaves the message unknown (never resent) and stops the run', async () => {
    const env = setup();
    let calls = 0;
    await expect(
      sendPlannedMessages(
        {
          messages: env.rows,
          prepare: async (row: MessageRow) => ({ channel: 'sms', to: row.to_address!, body: 'hi' }),
        },
        {
          db: env.db,
          now,
          sms: {
            send: async () => {
              calls += 1;
              throw new UnavailableError('Twilio did not answer in time', { provider: 'twilio' });
            },
          },
        },
      ),
    ).rejects.toThrow('did not answer');
    expect(calls).toBe(1);
    expect(statuses(env).map((r) => r.status)).toEqual(['unknown', 'planned']);
  });

  it('an unregistered sender (21608) stops the run with exit 5 and a hint about A2P 10DLC', async () => {
    const env = setup();
    const err = (await sendPlannedMessages(
      {
        messages: env.rows,
        prepare: async (row: MessageRow) => ({ channel: 'sms', to: row.to_address!, body: 'hi' }),
      },
      {
        db: env.db,
        now,
        sms: {
          send: async () => {
            throw new TwilioSendError('unverified', 21608);
          },
        },
      },
    ).catch((e: unknown) => e)) as { exitCode: number; hint: string };
    expect(err.exitCode).toBe(5);
    expect(err.hint).toContain('10DLC');
    expect(statuses(env).map((r) => r.status)).toEqual(['failed', 'planned']);
  });
});
