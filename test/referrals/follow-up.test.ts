import { ReferralStatus, Urgency } from '../../src/referrals/enums';
import { followUpDue } from '../../src/referrals/follow-up';

const ZONE = 'America/New_York';
const due = (status: ReferralStatus, urgency: Urgency, anchor: string) => followUpDue(status, urgency, new Date(anchor), ZONE)?.toISOString() ?? null;

// 2026-11-20 is a Friday; New York is on EST (UTC-5) then. 2026-03-08 is the spring-forward Sunday.
describe('follow-up windows', () => {
  it("gives the agency two business days to answer a request, skipping the weekend, at the same local time", () => {
    expect(due(ReferralStatus.REQUESTED, Urgency.ROUTINE, '2026-11-20T20:30:00.000Z')).toBe('2026-11-24T20:30:00.000Z');
    expect(due(ReferralStatus.REQUESTED, Urgency.ROUTINE, '2026-11-18T14:00:00.000Z')).toBe('2026-11-20T14:00:00.000Z');
  });

  it('counts a request made on a Saturday from Monday', () => {
    expect(due(ReferralStatus.REQUESTED, Urgency.ROUTINE, '2026-11-21T15:00:00.000Z')).toBe('2026-11-24T15:00:00.000Z');
  });

  it('uses the local calendar: a Friday evening in New York is already Saturday in UTC', () => {
    // Friday 22:00 in New York = Saturday 03:00 UTC; two business days later is Tuesday 22:00 local.
    expect(due(ReferralStatus.REQUESTED, Urgency.ROUTINE, '2026-11-21T03:00:00.000Z')).toBe('2026-11-25T03:00:00.000Z');
  });

  it('keeps the local time of day across a daylight-saving change', () => {
    // Friday 2026-03-06 10:00 EST (15:00Z) -> Tuesday 2026-03-10 10:00 EDT (14:00Z).
    expect(due(ReferralStatus.REQUESTED, Urgency.ROUTINE, '2026-03-06T15:00:00.000Z')).toBe('2026-03-10T14:00:00.000Z');
    // ACCEPTED: 14 calendar days, also at 10:00 local.
    expect(due(ReferralStatus.ACCEPTED, Urgency.ROUTINE, '2026-03-06T15:00:00.000Z')).toBe('2026-03-20T14:00:00.000Z');
  });

  it('gives a draft two calendar days, active work fourteen and a hold seven', () => {
    expect(due(ReferralStatus.DRAFT, Urgency.ROUTINE, '2026-11-20T20:30:00.000Z')).toBe('2026-11-22T20:30:00.000Z');
    expect(due(ReferralStatus.ACCEPTED, Urgency.ROUTINE, '2026-11-20T20:30:00.000Z')).toBe('2026-12-04T20:30:00.000Z');
    expect(due(ReferralStatus.IN_PROGRESS, Urgency.ROUTINE, '2026-11-20T20:30:00.000Z')).toBe('2026-12-04T20:30:00.000Z');
    expect(due(ReferralStatus.ON_HOLD, Urgency.ROUTINE, '2026-11-20T20:30:00.000Z')).toBe('2026-11-27T20:30:00.000Z');
  });

  it('halves every window for an URGENT referral', () => {
    expect(due(ReferralStatus.REQUESTED, Urgency.URGENT, '2026-11-20T20:30:00.000Z')).toBe('2026-11-23T20:30:00.000Z');
    expect(due(ReferralStatus.DRAFT, Urgency.URGENT, '2026-11-20T20:30:00.000Z')).toBe('2026-11-21T20:30:00.000Z');
    expect(due(ReferralStatus.ACCEPTED, Urgency.URGENT, '2026-11-20T20:30:00.000Z')).toBe('2026-11-27T20:30:00.000Z');
    expect(due(ReferralStatus.ON_HOLD, Urgency.URGENT, '2026-11-20T20:30:00.000Z')).toBe('2026-11-24T08:30:00.000Z');
  });

  it('makes every window four hours for an EMERGENCY, weekend or not', () => {
    for (const status of [ReferralStatus.DRAFT, ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED, ReferralStatus.ON_HOLD]) {
      expect(due(status, Urgency.EMERGENCY, '2026-11-20T20:30:00.000Z')).toBe('2026-11-21T00:30:00.000Z');
    }
  });

  it('has no follow-up once the referral is closed', () => {
    for (const status of [ReferralStatus.REJECTED, ReferralStatus.COMPLETED, ReferralStatus.FAILED, ReferralStatus.CANCELLED, ReferralStatus.ENTERED_IN_ERROR]) {
      expect(due(status, Urgency.URGENT, '2026-11-20T20:30:00.000Z')).toBeNull();
    }
  });
});
