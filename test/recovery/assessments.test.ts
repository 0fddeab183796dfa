import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient } from '../harness/builders';
import { localDay } from '../harness/days';
import { badFields, codes } from '../harness/errors';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { anAssessment, ratings, RECORD_ASSESSMENT, recoveryOf, rowsOf } from './builders';

let beacon: Beacon;
let w: CaseloadWorld;
let coachToken: string;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  coachToken = await w.coach.token();
});
afterAll(() => beacon.stop());

const today = () => localDay();
const daysFromToday = (n: number) => localDay(new Date(Date.now() + n * 86_400_000));

describe('recording a BARC-10 assessment', () => {
  it('keeps the ten ratings in order, totals them and names who recorded it', async () => {
    const client = await aClient(beacon, coachToken);
    const items = [1, 2, 3, 4, 5, 6, 6, 5, 4, 3];
    const assessment = await anAssessment(beacon, coachToken, client.id, today(), items);
    expect(assessment).toMatchObject({ takenOn: today(), items, total: 39, recordedBy: { id: w.coach.id } });
  });

  it('a supervisor of the organization may record one too; totals run from 10 to 60', async () => {
    const client = await aClient(beacon, coachToken);
    const token = await w.supervisor.token();
    expect((await anAssessment(beacon, token, client.id, today(), Array(10).fill(1))).total).toBe(10);
    expect((await anAssessment(beacon, token, client.id, today(), Array(10).fill(6))).total).toBe(60);
  });

  it.each([
    ['nine ratings', { items: ratings().slice(0, 9) }, ['input.items']],
    ['eleven ratings', { items: [...ratings(), 3] }, ['input.items']],
    ['no ratings', { items: [] }, ['input.items']],
    ['a 7', { items: [3, 3, 3, 3, 3, 3, 7, 3, 3, 3] }, ['input.items.6']],
    ['a 0', { items: [0, 3, 3, 3, 3, 3, 3, 3, 3, 3] }, ['input.items.0']],
    ['a negative rating and a 7', { items: [3, -1, 3, 3, 3, 3, 3, 3, 3, 7] }, ['input.items.1', 'input.items.9']],
    ['tomorrow', { takenOn: daysFromToday(1) }, ['input.takenOn']],
    ['a day next year', { takenOn: daysFromToday(400) }, ['input.takenOn']],
  ])('%s is BAD_USER_INPUT naming the field, with nothing written', async (_, change, fields) => {
    const client = await aClient(beacon, coachToken);
    const input = { clientId: client.id, takenOn: today(), items: ratings(), ...change };
    const response = await beacon.gql(RECORD_ASSESSMENT, { input }, coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(fields);
    expect(await rowsOf(beacon, 'recovery_assessment', client.id)).toBe(0);
  });

  it('today and past days are accepted', async () => {
    const client = await aClient(beacon, coachToken);
    await anAssessment(beacon, coachToken, client.id, today());
    await anAssessment(beacon, coachToken, client.id, '2024-02-29');
    expect(await rowsOf(beacon, 'recovery_assessment', client.id)).toBe(2);
  });

  it('a day that is not a calendar day is refused', async () => {
    const client = await aClient(beacon, coachToken);
    const response = await beacon.gql(RECORD_ASSESSMENT, { input: { clientId: client.id, takenOn: '2025-02-30', items: ratings() } }, coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(await rowsOf(beacon, 'recovery_assessment', client.id)).toBe(0);
  });
});

describe("a client's assessments", () => {
  it('come oldest first by the day taken (then the order recorded), each total the sum of its items', async () => {
    const client = await aClient(beacon, coachToken);
    const recorded = [
      await anAssessment(beacon, coachToken, client.id, '2025-03-01', ratings(30)),
      await anAssessment(beacon, coachToken, client.id, '2024-11-15', ratings(12)),
      await anAssessment(beacon, coachToken, client.id, '2025-03-01', ratings(34)),
      await anAssessment(beacon, coachToken, client.id, '2025-01-20', ratings(21)),
    ];
    const { assessments } = await recoveryOf(beacon, coachToken, client.id);
    expect(assessments.map((a: { id: string }) => a.id)).toEqual([recorded[1], recorded[3], recorded[0], recorded[2]].map((a) => a.id));
    for (const a of assessments) expect(a.total).toBe(a.items.reduce((sum: number, n: number) => sum + n, 0));
    expect(assessments.map((a: { total: number }) => a.total)).toEqual([22, 31, 40, 44]);
  });

  it('are never edited or deleted: the API offers no way to', async () => {
    const { data } = await beacon.gql(`{ __schema { mutationType { fields { name } } } }`, {}, coachToken);
    const names = data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n: string) => /assessment/i.test(n))).toEqual(['recordAssessment']);
  });
});
