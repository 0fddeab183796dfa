import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, transition } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { ADD_NOTE, REFERRAL } from './builders';

const ZONE = 'America/New_York';
const local = (iso: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}`, weekday: parts.weekday };
};
/** Weekdays after `from` up to and including `to` (both YYYY-MM-DD). */
const weekdaysBetween = (from: string, to: string) => {
  let count = 0;
  for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) < to; ) {
    d = new Date(d.getTime() + 86400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) count++;
  }
  return count;
};

let beacon: Beacon;
let world: ReferralWorld;
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
});
afterAll(() => beacon.stop());

const make = (extra: Record<string, unknown> = {}) => aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, ...extra });

describe('follow-up dates on referrals', () => {
  it('give the agency two business days from the request, skipping weekends, at the same local time', async () => {
    const referral = await make();
    const created = local(referral.createdAt);
    const due = local(referral.followUpDue);
    expect(due.time).toBe(created.time);
    expect(['Sat', 'Sun']).not.toContain(due.weekday);
    expect(weekdaysBetween(created.day, due.day)).toBe(2);
  });

  it('give an EMERGENCY four hours', async () => {
    const referral = await make({ urgency: 'EMERGENCY' });
    expect(new Date(referral.followUpDue).getTime() - new Date(referral.createdAt).getTime()).toBe(4 * 3600_000);
  });

  it('restart with any change once the agency has accepted, but not while it is deciding', async () => {
    const requested = await make();
    await beacon.ok(ADD_NOTE, { input: { referralId: requested.id, kind: 'CALL', body: 'Left a message' } }, world.coachToken);
    const afterNote = (await beacon.ok(REFERRAL, { id: requested.id }, world.coachToken)).referral;
    expect(afterNote.followUpDue).toBe(requested.followUpDue);

    const accepted = await transition(beacon, await world.people.agency.token(), afterNote, 'ACCEPTED');
    const fourteenDays = local(accepted.followUpDue);
    expect(fourteenDays.time).toBe(local(accepted.updatedAt).time);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await beacon.ok(ADD_NOTE, { input: { referralId: accepted.id, kind: 'MEETING', body: 'Met the case manager' } }, world.coachToken);
    const later = (await beacon.ok(REFERRAL, { id: accepted.id }, world.coachToken)).referral;
    expect(new Date(later.followUpDue).getTime()).toBeGreaterThan(new Date(accepted.followUpDue).getTime());
    expect(local(later.followUpDue).time).toBe(local(later.updatedAt).time);
  });

  it('report overdue once the due time has passed, and none once closed', async () => {
    const referral = await make();
    expect(referral.overdue).toBe(false);
    await beacon.dataSource.query(`UPDATE referral SET follow_up_due = now() - interval '1 minute' WHERE id = $1`, [referral.id]);
    expect((await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral.overdue).toBe(true);
    const cancelled = await transition(beacon, world.coachToken, referral, 'CANCELLED', 'No longer needed');
    expect(cancelled).toMatchObject({ followUpDue: null, overdue: false });
  });
});
