import path from 'node:path';
import { ServiceCategory } from '../../src/directory/enums';
import { CrosswalkTerm, categoryForTerms, crosswalkFallback, validateCrosswalk } from '../../src/hsds/crosswalk';
import crosswalkJson from '../../src/hsds/crosswalk.json';

const C = ServiceCategory;
const airs = (code: string, taxonomy: string | null = 'AIRS'): CrosswalkTerm => ({ taxonomy, code, name: null });
const oe = (name: string | null, ancestors: string[] = [], code: string | null = null): CrosswalkTerm => ({
  taxonomy: 'Open Eligibility',
  code,
  name,
  ancestors: ancestors.map((ancestor) => ({ code: null, name: ancestor })),
});
const category = (...terms: CrosswalkTerm[]) => categoryForTerms(terms).category;
const unmapped = { category: C.BASIC_NEEDS, mapped: false, rule: null };

describe('AIRS / 211 LA County codes', () => {
  it('maps each top-level code; J, P, T and Y have no opinion, so alone they fall back', () => {
    const expected: [string, ServiceCategory | null][] = [
      ['B', C.BASIC_NEEDS],
      ['D', C.FINANCIAL],
      ['F', C.LEGAL],
      ['H', C.EDUCATION],
      ['J', null],
      ['L', C.HEALTH_CARE],
      ['N', C.FINANCIAL],
      ['P', null],
      ['R', C.TREATMENT],
      ['T', null],
      ['Y', null],
    ];
    for (const [code, want] of expected) {
      expect([code, categoryForTerms([airs(code)])]).toEqual([code, want === null ? unmapped : { category: want, mapped: true, rule: expect.stringMatching(new RegExp(`^AIRS ${code} `)) }]);
    }
    expect(categoryForTerms([airs('R')]).rule).toBe('AIRS R Mental Health and Substance Use Disorder Services');
  });

  it('takes the longest prefix with a rule, cut at the code boundaries', () => {
    expect(categoryForTerms([airs('BH-1800.8500')])).toEqual({ category: C.HOUSING, mapped: true, rule: 'AIRS BH Housing/Shelter' });
    expect(category(airs('BT-4500.6500-170'))).toBe(C.TRANSPORTATION);
    expect(category(airs('BD-1800.2000-620'))).toBe(C.BASIC_NEEDS);
    expect(category(airs('ND-3500.3600'))).toBe(C.EMPLOYMENT); // N alone is financial
    expect(category(airs('NL-6000'))).toBe(C.FINANCIAL);
    expect(category(airs('RX-8450.8000'))).toBe(C.TREATMENT);
    expect(category(airs('RR-5000'))).toBe(C.RECOVERY_SUPPORT); // R alone is treatment
    expect(category(airs('PN-8100.5000'))).toBe(C.RECOVERY_SUPPORT); // P alone has no opinion
    expect(category(airs('JP-1500.1700'))).toBe(C.HEALTH_CARE); // J alone has no opinion
    expect(category(airs('TH-2600.6450-195'))).toBe(C.BASIC_NEEDS); // T alone has no opinion
    expect(category(airs('DD-1500'))).toBe(C.LEGAL); // D alone is financial
    // A null rule deeper down silences its section's opinion: consumer regulation is no help for a person.
    expect(categoryForTerms([airs('DF-7000.6550')])).toEqual(unmapped);
  });

  it('reads codes in any case and with stray whitespace', () => {
    expect(categoryForTerms([airs('  rx-8450.8000 ')])).toEqual({ category: C.TREATMENT, mapped: true, rule: 'AIRS RX Substance Use Disorder Services' });
    expect(category(airs('bh - 1800 .8500'))).toBe(C.HOUSING);
    expect(category(airs('\tpn-8100\n'))).toBe(C.RECOVERY_SUPPORT);
  });

  it('knows the taxonomy by its usual names, and an unnamed one by the shape of its codes', () => {
    for (const taxonomy of ['AIRS', '211', '211 LA County', 'Inform USA', 'AIRS/211 Taxonomy', 'https://www.211taxonomy.org/', ' inform usa ']) {
      expect([taxonomy, category(airs('BH-1800', taxonomy))]).toEqual([taxonomy, C.HOUSING]);
    }
    expect(category(airs('BH-1800', null))).toBe(C.HOUSING);
    expect(category(airs('L', null))).toBe(C.HEALTH_CARE);
    expect(category(airs('L', '  '))).toBe(C.HEALTH_CARE);
    // A named vocabulary the file does not know: a full AIRS code still reads as AIRS...
    expect(category(airs('RX-8450', 'Our 211 export'))).toBe(C.TREATMENT);
    // ...but bare letters may be that vocabulary's own (NTEE's L is housing), so they give no opinion.
    expect(categoryForTerms([airs('L', 'NTEE')])).toEqual(unmapped);
    expect(categoryForTerms([airs('F32', 'NTEE')])).toEqual(unmapped);
  });
});

describe('Open Eligibility terms', () => {
  it('matches names ignoring case, punctuation, spacing and "and"', () => {
    for (const name of ['Addiction & Recovery', 'addiction and recovery', 'ADDICTION&RECOVERY', '  Addiction  -  Recovery ', 'addiction_recovery']) {
      expect([name, categoryForTerms([oe(name)])]).toEqual([name, { category: C.TREATMENT, mapped: true, rule: 'Open Eligibility Addiction & Recovery' }]);
    }
    expect(category(oe('12 step'))).toBe(C.RECOVERY_SUPPORT);
    expect(category(oe('GED / High School Equivalency'))).toBe(C.EDUCATION);
    expect(category(oe('peer recovery coaching'))).toBe(C.RECOVERY_SUPPORT);
  });

  it('maps the top levels', () => {
    const expected: [string, ServiceCategory][] = [
      ['Emergency', C.BASIC_NEEDS],
      ['Food', C.BASIC_NEEDS],
      ['Housing', C.HOUSING],
      ['Goods', C.BASIC_NEEDS],
      ['Transit', C.TRANSPORTATION],
      ['Health', C.HEALTH_CARE],
      ['Money', C.FINANCIAL],
      ['Care', C.BASIC_NEEDS],
      ['Education', C.EDUCATION],
      ['Work', C.EMPLOYMENT],
      ['Legal', C.LEGAL],
    ];
    expect(expected.map(([name]) => [name, category(oe(name))])).toEqual(expected);
  });

  it('gives a term without a rule its nearest mapped ancestor’s category', () => {
    expect(categoryForTerms([oe('Counseling', ['Support Network', 'Care'])])).toEqual({ category: C.RECOVERY_SUPPORT, mapped: true, rule: 'Open Eligibility Support Network' });
    expect(category(oe('Counseling', ['Mental Health Care', 'Health']))).toBe(C.TREATMENT);
    expect(category(oe('Counseling', ['Prevent & Treat', 'Medical Care', 'Health']))).toBe(C.HEALTH_CARE);
    expect(category(oe('Weather Relief', ['Temporary Shelter', 'Housing', 'Human Services']))).toBe(C.HOUSING);
    // The term's own rule comes before its ancestors': a sober home is housing, even under Addiction & Recovery.
    expect(category(oe('Sober Living', ['Addiction & Recovery', 'Health']))).toBe(C.HOUSING);
    // Money matters for housing are housing, wherever Open Eligibility files them.
    expect(category(oe('Help Pay for Housing', ['Financial Assistance', 'Money']))).toBe(C.HOUSING);
    // A term known by its slug alone carries its own ancestors.
    expect(category(oe(null, [], 'human_services:health:addiction_recovery:drug_testing'))).toBe(C.TREATMENT);
    // No rule anywhere on the path: no opinion.
    expect(categoryForTerms([oe('Counseling')])).toEqual(unmapped);
  });

  it('gives no opinion for anything under Human Situations, even a name shared with a service term', () => {
    expect(categoryForTerms([oe('Health', ['Human Situations'])])).toEqual(unmapped);
    expect(categoryForTerms([oe('Veterans', ['Armed Forces', 'Human Situations'])])).toEqual(unmapped);
    expect(categoryForTerms([oe(null, [], 'human_situations:education')])).toEqual(unmapped);
  });

  it('recognises an untagged term by an exact Open Eligibility name', () => {
    expect(category({ taxonomy: null, code: null, name: 'Detox' })).toBe(C.TREATMENT);
    expect(category({ taxonomy: 'Agency categories', code: '17', name: 'Sober Living' })).toBe(C.HOUSING);
    expect(category({ taxonomy: 'openeligibility.org', code: '1110', name: 'Help Find Work' })).toBe(C.EMPLOYMENT);
  });
});

describe('a service with several terms', () => {
  it('lets Y target populations leave the decision to the other terms', () => {
    expect(categoryForTerms([airs('Y'), airs('YV-3000'), airs('YF-5000.1000')])).toEqual(unmapped);
    expect(categoryForTerms([airs('YV-3000'), airs('RX-8450'), airs('YB-8000')])).toEqual({ category: C.TREATMENT, mapped: true, rule: 'AIRS RX Substance Use Disorder Services' });
  });

  it('prefers the most specific rule, then the category priority, whatever the order of the terms', () => {
    const cases: [CrosswalkTerm[], ServiceCategory, string][] = [
      // Same depth: treatment before basic needs, housing before financial, recovery support before health care.
      [[airs('BD-1800'), airs('RX-8450')], C.TREATMENT, 'AIRS RX Substance Use Disorder Services'],
      [[airs('NT-2000'), airs('BH-3800')], C.HOUSING, 'AIRS BH Housing/Shelter'],
      [[airs('LH-2700'), airs('PN-8100')], C.RECOVERY_SUPPORT, 'AIRS PN Mutual Support'],
      // Depth first: a second-level code beats a top-level one, whatever their categories.
      [[airs('R'), airs('BH-1800')], C.HOUSING, 'AIRS BH Housing/Shelter'],
      [[oe('Health'), oe('Food Pantry')], C.BASIC_NEEDS, 'Open Eligibility Food Pantry'],
      [[oe('Addiction & Recovery'), oe('Peer Recovery Coaching', ['Addiction & Recovery'])], C.RECOVERY_SUPPORT, 'Open Eligibility Peer Recovery Coaching'],
      // Across vocabularies, the same levels compare.
      [[airs('BH-1800.8500'), oe('Addiction & Recovery')], C.TREATMENT, 'Open Eligibility Addiction & Recovery'],
      // Same category at the same depth: the rule reported is the same either way.
      [[airs('BD-1800'), airs('BM-6500')], C.BASIC_NEEDS, 'AIRS BD Food'],
    ];
    for (const [terms, want, rule] of cases) {
      const result = { category: want, mapped: true, rule };
      expect(categoryForTerms(terms)).toEqual(result);
      expect(categoryForTerms([...terms].reverse())).toEqual(result);
    }
  });

  it('falls back, unmapped, when no term maps', () => {
    expect(crosswalkFallback).toBe(C.BASIC_NEEDS);
    expect(categoryForTerms([])).toEqual(unmapped);
    expect(categoryForTerms([{ taxonomy: null, code: null, name: null }])).toEqual(unmapped);
    expect(categoryForTerms([{ taxonomy: 'NTEE', code: 'F32', name: 'Community Mental Health Center' }, { taxonomy: 'Local', code: 'X1', name: 'Miscellaneous' }])).toEqual(unmapped);
  });
});

describe('the crosswalk file', () => {
  const copy = () => JSON.parse(JSON.stringify(crosswalkJson));
  const withRule = (vocabulary: 'airs' | 'openEligibility', find: (rule: Record<string, unknown>) => boolean, change: (rule: Record<string, unknown>) => void) => {
    const file = copy();
    change(file[vocabulary].rules.find(find));
    return file;
  };

  it('passes its own checks, and every rule names a listed source', () => {
    const file = validateCrosswalk(copy());
    const sources = new Set(file.sources.map((source) => source.id));
    const rules = [...file.airs.rules, ...file.openEligibility.rules];
    expect(rules.filter((rule) => !sources.has(rule.source))).toEqual([]);
    expect(file.sources.every((source) => /^\d{4}-\d{2}-\d{2}$/.test(source.read))).toBe(true);
  });

  it('rejects a category that is not a ServiceCategory, naming the rule', () => {
    expect(() => validateCrosswalk(withRule('airs', (rule) => rule.code === 'RX', (rule) => (rule.category = 'TREATMNT')))).toThrow(
      'HSDS taxonomy crosswalk: AIRS rule "RX": category "TREATMNT" is neither a ServiceCategory nor null',
    );
    expect(() => validateCrosswalk(withRule('openEligibility', (rule) => rule.name === 'Detox', (rule) => (rule.category = 'treatment')))).toThrow(
      'Open Eligibility rule "Detox": category "treatment" is neither a ServiceCategory nor null',
    );
    expect(() => validateCrosswalk(withRule('airs', (rule) => rule.code === 'Y', (rule) => delete rule.category))).toThrow('AIRS rule "Y": category undefined');
  });

  it('rejects a rule without a listed source, a bad code, a twin, a missing level and a bad fallback', () => {
    expect(() => validateCrosswalk(withRule('airs', (rule) => rule.code === 'BH', (rule) => delete rule.source))).toThrow('AIRS rule "BH" names no source');
    expect(() => validateCrosswalk(withRule('openEligibility', (rule) => rule.name === 'Food', (rule) => (rule.source = 'a blog')))).toThrow(
      'Open Eligibility rule "Food": source "a blog" is not in sources',
    );
    expect(() => validateCrosswalk(withRule('airs', (rule) => rule.code === 'BH', (rule) => (rule.code = 'bh-1800')))).toThrow('AIRS rule "bh-1800": code must be an upper-case AIRS code');
    expect(() => validateCrosswalk(withRule('airs', (rule) => rule.code === 'BM', (rule) => (rule.code = 'BD')))).toThrow('AIRS rule "BD" is listed twice');
    expect(() => validateCrosswalk(withRule('openEligibility', (rule) => rule.name === 'Detox', (rule) => (rule.name = 'addiction and recovery')))).toThrow(
      'Open Eligibility rule "addiction and recovery" is listed twice',
    );
    expect(() => validateCrosswalk(withRule('openEligibility', (rule) => rule.name === 'Detox', (rule) => delete rule.level))).toThrow('Open Eligibility rule "Detox" needs a level');
    expect(() => validateCrosswalk({ ...copy(), fallback: null })).toThrow('fallback null is not a ServiceCategory');
    expect(() => validateCrosswalk({ ...copy(), sources: [] })).toThrow('sources must be a non-empty list');
  });

  it('reaches the build: the compiled module carries the mapping', () => {
    // The server runs dist/; the JSON must have been copied there with the compiled module.
    const built: typeof import('../../src/hsds/crosswalk') = require(path.resolve('dist/src/hsds/crosswalk.js'));
    expect(built.categoryForTerms([airs('RX-8450')])).toEqual({ category: C.TREATMENT, mapped: true, rule: 'AIRS RX Substance Use Disorder Services' });
  });
});
