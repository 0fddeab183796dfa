import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient } from '../harness/builders';
import { badFields, codes, errorOf } from '../harness/errors';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { planChangeRows, recoveryOf, rowsOf, SAVE_PLAN, savePlan } from './builders';

let beacon: Beacon;
let w: CaseloadWorld;
let coachToken: string;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  coachToken = await w.coach.token();
});
afterAll(() => beacon.stop());

const aClientWithPlan = async (input: Record<string, unknown> = {}) => {
  const client = await aClient(beacon, coachToken);
  const plan = await savePlan(beacon, coachToken, { clientId: client.id, triggers: ['Payday weekends'], copingStrategies: ['Call my sponsor'], ...input });
  return { client, plan };
};

describe('a relapse prevention plan', () => {
  it('is created by the first save, at version 1, by the coach, and shows on the client', async () => {
    const client = await aClient(beacon, coachToken);
    const plan = await savePlan(beacon, coachToken, {
      clientId: client.id,
      triggers: ['  Payday weekends ', 'Old neighbourhood'],
      warningSigns: ['Skipping meetings'],
      copingStrategies: ['Call my sponsor'],
      supportContacts: [{ name: 'Dana', relationship: 'Sponsor', phone: '(555) 201-0101' }, { name: 'Sam' }],
      crisisPlan: 'Call Dana, then the crisis line.',
    });
    expect(plan).toMatchObject({
      version: 1,
      triggers: ['Payday weekends', 'Old neighbourhood'],
      warningSigns: ['Skipping meetings'],
      copingStrategies: ['Call my sponsor'],
      supportContacts: [{ name: 'Dana', relationship: 'Sponsor', phone: '(555) 201-0101' }, { name: 'Sam', relationship: null, phone: null }],
      crisisPlan: 'Call Dana, then the crisis line.',
      updatedBy: { id: w.coach.id },
    });
    expect((await recoveryOf(beacon, coachToken, client.id)).recoveryPlan).toEqual(plan);
  });

  it('a first save with no fields makes an empty plan', async () => {
    const client = await aClient(beacon, coachToken);
    expect(await savePlan(beacon, coachToken, { clientId: client.id })).toMatchObject({
      version: 1, triggers: [], warningSigns: [], copingStrategies: [], supportContacts: [], crisisPlan: null, changes: [],
    });
  });

  it('a client has at most one plan: a second save changes the same plan', async () => {
    const { client, plan } = await aClientWithPlan();
    const again = await savePlan(beacon, coachToken, { clientId: client.id, expectedVersion: 1, warningSigns: ['Not sleeping'] });
    expect(again.id).toBe(plan.id);
    expect(await rowsOf(beacon, 'recovery_plan', client.id)).toBe(1);
  });

  it('changes only the fields given, and an explicit null clears a field', async () => {
    const { client } = await aClientWithPlan({ crisisPlan: 'Call Dana.' });
    const updated = await savePlan(beacon, await w.supervisor.token(), { clientId: client.id, expectedVersion: 1, warningSigns: ['Not sleeping'], crisisPlan: null });
    expect(updated).toMatchObject({
      version: 2,
      triggers: ['Payday weekends'],
      copingStrategies: ['Call my sponsor'],
      warningSigns: ['Not sleeping'],
      crisisPlan: null,
      updatedBy: { id: w.supervisor.id },
    });
  });

  it('a save that changes nothing keeps the version and writes no history', async () => {
    const supportContacts = [{ name: 'Dana', relationship: 'Sponsor', phone: '(555) 201-0101' }];
    const { client } = await aClientWithPlan({ supportContacts });
    const same = await savePlan(beacon, coachToken, { clientId: client.id, expectedVersion: 1, triggers: ['Payday weekends'], supportContacts });
    expect(same.version).toBe(1);
    expect(await planChangeRows(beacon, client.id)).toBe(3);
  });

  it('once it exists, a save without expectedVersion is BAD_USER_INPUT naming input.expectedVersion and changes nothing', async () => {
    const { client, plan } = await aClientWithPlan();
    const response = await beacon.gql(SAVE_PLAN, { input: { clientId: client.id, triggers: ['Something else'] } }, coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.expectedVersion']);
    expect((await recoveryOf(beacon, coachToken, client.id)).recoveryPlan).toEqual(plan);
  });

  it('a stale expectedVersion is a CONFLICT with the current version, and changes nothing', async () => {
    const { client } = await aClientWithPlan();
    const current = await savePlan(beacon, coachToken, { clientId: client.id, expectedVersion: 1, triggers: ['Payday'] });
    const response = await beacon.gql(SAVE_PLAN, { input: { clientId: client.id, expectedVersion: 1, triggers: ['Lost'] } }, coachToken);
    expect(codes(response)).toEqual(['CONFLICT']);
    expect(errorOf(response)?.currentVersion).toBe(2);
    expect((await recoveryOf(beacon, coachToken, client.id)).recoveryPlan).toEqual(current);
    expect(await planChangeRows(beacon, client.id)).toBe(3);
  });

  it('concurrent saves at the same version: one wins, the others are CONFLICTs, no update is lost', async () => {
    const { client } = await aClientWithPlan();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => beacon.gql(SAVE_PLAN, { input: { clientId: client.id, expectedVersion: 1, warningSigns: [`Sign ${i}`] } }, coachToken)),
    );
    const won = responses.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map(codes)).toEqual(Array(5).fill(['CONFLICT']));
    const plan = (await recoveryOf(beacon, coachToken, client.id)).recoveryPlan;
    expect(plan.version).toBe(2);
    expect(plan.warningSigns).toEqual(won[0].data.saveRecoveryPlan.recoveryPlan.warningSigns);
  });

  it('concurrent saves of different fields, each at the version it read, all land in turn', async () => {
    const { client } = await aClientWithPlan();
    // Each writer retries on CONFLICT with the version it is told, as a coach app would.
    const write = async (field: string, value: unknown) => {
      let version = 1;
      for (;;) {
        const r = await beacon.gql(SAVE_PLAN, { input: { clientId: client.id, expectedVersion: version, [field]: value } }, coachToken);
        if (!r.errors) return;
        expect(codes(r)).toEqual(['CONFLICT']);
        version = errorOf(r)!.currentVersion;
      }
    };
    await Promise.all([write('triggers', ['A']), write('warningSigns', ['B']), write('copingStrategies', ['C']), write('crisisPlan', 'D')]);
    const plan = (await recoveryOf(beacon, coachToken, client.id)).recoveryPlan;
    expect(plan).toMatchObject({ version: 5, triggers: ['A'], warningSigns: ['B'], copingStrategies: ['C'], crisisPlan: 'D' });
  });
});

describe("a plan's limits", () => {
  const refused = async (input: Record<string, unknown>, fields: string[]) => {
    const client = await aClient(beacon, coachToken);
    const response = await beacon.gql(SAVE_PLAN, { input: { clientId: client.id, ...input } }, coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(fields);
    expect(await rowsOf(beacon, 'recovery_plan', client.id)).toBe(0);
  };
  const entries = (n: number) => Array.from({ length: n }, (_, i) => `Entry ${i}`);
  const LISTS = ['triggers', 'warningSigns', 'copingStrategies'];

  it.each(LISTS)('%s holds at most 30 entries', async (list) => {
    await refused({ [list]: entries(31) }, [`input.${list}`]);
  });

  it.each(LISTS)('a %s entry over 500 characters is refused by its index', async (list) => {
    const given = entries(5);
    given[3] = 'x'.repeat(501);
    await refused({ [list]: given }, [`input.${list}.3`]);
  });

  it('an empty or blank entry is refused by its index', async () => {
    await refused({ warningSigns: ['Not sleeping', '', '   '] }, ['input.warningSigns.1', 'input.warningSigns.2']);
  });

  it('at most 20 support contacts, each with a name of bounded length', async () => {
    await refused({ supportContacts: Array.from({ length: 21 }, (_, i) => ({ name: `Friend ${i}` })) }, ['input.supportContacts']);
    await refused({ supportContacts: [{ name: 'Dana' }, { name: '  ' }] }, ['input.supportContacts.1.name']);
    await refused({ supportContacts: [{ name: 'y'.repeat(201) }] }, ['input.supportContacts.0.name']);
    await refused({ supportContacts: [{ name: 'Dana', relationship: 'r'.repeat(101), phone: '5'.repeat(41) }] }, [
      'input.supportContacts.0.phone',
      'input.supportContacts.0.relationship',
    ]);
  });

  it('the crisis plan is at most 2000 characters', async () => {
    await refused({ crisisPlan: 'c'.repeat(2001) }, ['input.crisisPlan']);
  });

  it('exactly at the limits is accepted', async () => {
    const client = await aClient(beacon, coachToken);
    const plan = await savePlan(beacon, coachToken, {
      clientId: client.id,
      triggers: Array(30).fill('t'.repeat(500)),
      warningSigns: Array(30).fill('w'.repeat(500)),
      copingStrategies: Array(30).fill('s'.repeat(500)),
      supportContacts: Array.from({ length: 20 }, () => ({ name: 'n'.repeat(200) })),
      crisisPlan: 'c'.repeat(2000),
    });
    expect(plan.triggers).toHaveLength(30);
    expect(plan.warningSigns).toHaveLength(30);
    expect(plan.copingStrategies).toHaveLength(30);
    expect(plan.supportContacts).toHaveLength(20);
  });

  it('a refused update of an existing plan writes nothing either', async () => {
    const { client, plan } = await aClientWithPlan();
    const response = await beacon.gql(SAVE_PLAN, { input: { clientId: client.id, expectedVersion: 1, triggers: ['ok', ''], crisisPlan: 'New' } }, coachToken);
    expect(badFields(response)).toEqual(['input.triggers.1']);
    expect((await recoveryOf(beacon, coachToken, client.id)).recoveryPlan).toEqual(plan);
    expect(await planChangeRows(beacon, client.id)).toBe(2);
  });
});

describe("a plan's field history", () => {
  it('keeps one change per changed field: before, after, version, who and when', async () => {
    const { client } = await aClientWithPlan();
    const supervisorToken = await w.supervisor.token();
    const plan = await savePlan(beacon, supervisorToken, {
      clientId: client.id,
      expectedVersion: 1,
      triggers: ['Payday weekends', 'Holidays'],
      copingStrategies: ['Call my sponsor'],
      supportContacts: [{ name: 'Dana' }],
    });
    const parsed = plan.changes.map(({ at, previousValue, newValue, ...rest }: Record<string, any>) => ({ ...rest, previous: JSON.parse(previousValue), next: JSON.parse(newValue) }));
    expect(parsed).toEqual([
      { field: 'copingStrategies', previous: [], next: ['Call my sponsor'], version: 1, changedBy: { id: w.coach.id } },
      { field: 'triggers', previous: [], next: ['Payday weekends'], version: 1, changedBy: { id: w.coach.id } },
      { field: 'supportContacts', previous: [], next: [{ name: 'Dana', relationship: null, phone: null }], version: 2, changedBy: { id: w.supervisor.id } },
      { field: 'triggers', previous: ['Payday weekends'], next: ['Payday weekends', 'Holidays'], version: 2, changedBy: { id: w.supervisor.id } },
    ]);
    for (const change of plan.changes) expect(Date.now() - new Date(change.at).getTime()).toBeLessThan(60_000);
  });

  it('records a crisis plan set and cleared, with null for none', async () => {
    const { client } = await aClientWithPlan();
    await savePlan(beacon, coachToken, { clientId: client.id, expectedVersion: 1, crisisPlan: 'Call Dana.' });
    const plan = await savePlan(beacon, coachToken, { clientId: client.id, expectedVersion: 2, crisisPlan: null });
    expect(plan.changes.filter((c: { field: string }) => c.field === 'crisisPlan').map((c: any) => [c.previousValue, c.newValue, c.version])).toEqual([
      [null, '"Call Dana."', 2],
      ['"Call Dana."', null, 3],
    ]);
  });
});
