import { startBeacon, type Beacon } from '../harness/beacon';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

const TREE = `query($parentCode: String) { taxonomyTerms(parentCode: $parentCode) { code name category parent { code } children { code name } } }`;

describe('the taxonomy', () => {
  it('is in a fresh database: one top-level term per category, at least 25 terms in all', async () => {
    const top = (await beacon.ok(TREE, {})).taxonomyTerms;
    expect(top.map((t: any) => t.category).sort()).toEqual(
      ['BASIC_NEEDS', 'EDUCATION', 'EMPLOYMENT', 'FINANCIAL', 'HEALTH_CARE', 'HOUSING', 'LEGAL', 'RECOVERY_SUPPORT', 'TRANSPORTATION', 'TREATMENT'],
    );
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM taxonomy_term`);
    expect(count).toBeGreaterThanOrEqual(25);
  });

  it('walks down from a parent code, with each term its category and children', async () => {
    const housing = (await beacon.ok(TREE, { parentCode: 'housing' })).taxonomyTerms;
    expect(housing.map((t: any) => t.code)).toEqual([
      'housing.emergency-shelter',
      'housing.recovery-residence',
      'housing.transitional',
      'housing.permanent-supportive',
      'housing.rental-assistance',
    ]);
    expect(housing[0]).toMatchObject({ category: 'HOUSING', parent: { code: 'housing' }, children: [{ code: 'housing.emergency-shelter.domestic-violence' }] });
    const treatment = (await beacon.ok(TREE, { parentCode: 'treatment' })).taxonomyTerms.map((t: any) => t.code);
    expect(treatment).toEqual(expect.arrayContaining(['treatment.detox', 'treatment.medication-assisted', 'treatment.crisis', 'treatment.intensive-outpatient']));
    expect((await beacon.ok(TREE, { parentCode: 'recovery-support' })).taxonomyTerms.map((t: any) => t.code)).toEqual(
      expect.arrayContaining(['recovery-support.peer-support-groups', 'recovery-support.recovery-community-center', 'recovery-support.recovery-coaching']),
    );
    expect((await beacon.ok(TREE, { parentCode: 'employment' })).taxonomyTerms.map((t: any) => t.code)).toEqual(
      expect.arrayContaining(['employment.job-training', 'employment.supported-employment', 'employment.job-placement', 'employment.resume-help']),
    );
  });

  it('answers an unknown parent code with no terms', async () => {
    expect((await beacon.ok(TREE, { parentCode: 'nothing.here' })).taxonomyTerms).toEqual([]);
  });
});
