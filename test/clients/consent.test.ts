import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, RECORD_CONSENT } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { badFields, codes, errorOf } from '../harness/errors';
import { REVOKE_CONSENT } from './builders';

const CONSENTS = `query($id: ID!) { client(id: $id) { consents { id scope method active expiresAt revokedAt organization { id } recordedBy { id } } } }`;

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

const consentsOf = async (clientId: string) => (await beacon.ok(CONSENTS, { id: clientId }, await w.coach.token())).client.consents as any[];

it('a recorded consent is active, names the organization and who recorded it, and shows on the client', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const consent = await aConsent(beacon, token, client.id, w.agency.id, { method: 'WRITTEN', expiresAt });
  expect(consent).toMatchObject({ scope: 'SHARE_CONTACT', method: 'WRITTEN', active: true, expiresAt, revokedAt: null, organization: { id: w.agency.id }, recordedBy: { id: w.coach.id } });
  expect(Date.parse(consent.grantedAt as string)).toBeLessThanOrEqual(Date.now());
  expect(await consentsOf(client.id)).toEqual([expect.objectContaining({ id: consent.id, active: true })]);
});

it('refuses an expiry that does not lie in the future, and records nothing', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  for (const expiresAt of [new Date(Date.now() - 60_000).toISOString(), new Date().toISOString()]) {
    const response = await beacon.gql(RECORD_CONSENT, { input: { clientId: client.id, organizationId: w.agency.id, scope: 'SHARE_NOTES', method: 'VERBAL', expiresAt } }, token);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.expiresAt', message: 'must lie in the future' }]);
  }
  expect(await consentsOf(client.id)).toEqual([]);
});

it("refuses an unknown organization or the client's own, and records nothing", async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  for (const organizationId of ['00000000-0000-4000-8000-000000000000', w.peer.id]) {
    const response = await beacon.gql(RECORD_CONSENT, { input: { clientId: client.id, organizationId, scope: 'SHARE_CONTACT', method: 'VERBAL' } }, token);
    expect(badFields(response)).toEqual(['input.organizationId']);
  }
  expect(await consentsOf(client.id)).toEqual([]);
});

it('revoking takes effect at once, and revoking again keeps the first revocation time', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const consent = await aConsent(beacon, token, client.id, w.agency.id);
  const revoked = (await beacon.ok(REVOKE_CONSENT, { id: consent.id }, token)).revokeConsent.consent;
  expect(revoked.active).toBe(false);
  expect(revoked.revokedAt).not.toBeNull();
  expect(await consentsOf(client.id)).toEqual([expect.objectContaining({ active: false, revokedAt: revoked.revokedAt })]);
  const again = (await beacon.ok(REVOKE_CONSENT, { id: consent.id }, await w.supervisor.token())).revokeConsent.consent;
  expect(again.revokedAt).toBe(revoked.revokedAt);
});

it('a consent that has expired reads as inactive, with nothing written', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const consent = await aConsent(beacon, token, client.id, w.agency.id, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  // Time passes: the consent was granted two days ago and ran out yesterday.
  await beacon.dataSource.query(`UPDATE consent SET granted_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`, [consent.id]);
  expect(await consentsOf(client.id)).toEqual([expect.objectContaining({ id: consent.id, active: false, revokedAt: null })]);
});

it('bad enum values and a missing scope are BAD_USER_INPUT', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const response = await beacon.gql(RECORD_CONSENT, { input: { clientId: client.id, organizationId: w.agency.id, scope: 'SHARE_EVERYTHING', method: 'VERBAL' } }, token);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(response)).toEqual(['input.scope']);
  expect(await consentsOf(client.id)).toEqual([]);
});
