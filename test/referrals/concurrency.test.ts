import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, transition, TRANSITION } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { REFERRAL } from './builders';
import { errorOf } from '../harness/errors';

let beacon: Beacon;
let world: ReferralWorld;
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
});
afterAll(() => beacon.stop());

describe('concurrent changes to one referral', () => {
  it('let exactly one of the writers holding a version win; the others get CONFLICT with the new version, and the history has no gap', async () => {
    const agencyToken = await world.people.agency.token();
    const requested = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    let current = await transition(beacon, agencyToken, requested, 'ACCEPTED');
    const WRITERS = 8;
    const ROUNDS = 6;
    for (let round = 0; round < ROUNDS; round++) {
      const version = current.version;
      // Agency staff and the coach (on the agency's behalf) race to move it between IN_PROGRESS and ON_HOLD.
      const to = current.status === 'IN_PROGRESS' ? 'ON_HOLD' : 'IN_PROGRESS';
      const responses = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          beacon.gql(TRANSITION, { input: { referralId: current.id, to, reason: `writer ${i}`, expectedVersion: version } }, i % 2 ? agencyToken : world.coachToken),
        ),
      );
      const winners = responses.filter((r) => !r.errors);
      const losers = responses.filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      for (const loser of losers) expect(errorOf(loser)).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
      current = winners[0].data.transitionReferral.referral;
      expect(current.version).toBe(version + 1);
    }

    const { referral } = await beacon.ok(REFERRAL, { id: current.id }, world.coachToken);
    expect(referral.version).toBe(2 + ROUNDS);
    expect(referral.history).toHaveLength(2 + ROUNDS);
    // Each event starts where the one before it ended.
    referral.history.slice(1).forEach((event: any, i: number) => expect(event.from).toBe(referral.history[i].to));
    const versions: { version: number }[] = await beacon.dataSource.query('SELECT version FROM referral_event WHERE referral_id = $1 ORDER BY version', [current.id]);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 2 + ROUNDS }, (_, i) => i + 1));
  });
});
