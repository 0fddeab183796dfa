import { captureStatements } from '../src/db/statement-counter';
import { CONCURRENCY, signInAs, startBeaconProcess, withInProcessBeacon, type BenchServer } from './beacon';
import { fixed, loadFigures } from './figures';
import { gqlClient, type Gql } from './gql-client';
import { runMixedLoad, type LoadResult } from './load';
import { INSURANCE, OTHER_LANGUAGES } from './mix-listings';
import { MIX_COACH, openMixDirectory, type MixDirectory } from './mix-directory';
import { placeNear, SEARCH_SERVICES, SEARCH_WORDS } from './operations';

/**
 * The second search figure: on a directory created through the API (bench/mix-directory.ts),
 * the coach app's SearchServices for 20 results under a realistic mix of five kinds of search,
 * one after another round the kinds, anonymous and signed in as a coach by turns (a coach sees
 * confidential sites at their own point, so the two are different searches), every kind's values
 * varied so that no cache flatters it.
 */

const FIRST = 20;
const TARGET_P95_MS = 50;

interface Kind {
  name: string;
  /** The n-th search of this kind. */
  filter: (n: number) => Record<string, unknown>;
}

/** Misspellings coaches make in a hurry: the vocabulary corrects them, nothing else narrows the search. */
const TYPOS = ['housng', 'detx', 'counceling', 'sober livng', 'shelterr', 'outpatinet', 'recovry', 'peer suport', 'job trainng', 'employmnt', 'councelling', 'detoks'];
const CATEGORIES = ['HOUSING', 'TREATMENT', 'RECOVERY_SUPPORT', 'EMPLOYMENT', 'BASIC_NEEDS', 'HEALTH_CARE', 'LEGAL'];
const HOUR_MS = 3_600_000;

const KINDS: Kind[] = [
  { name: 'text + place', filter: (n) => ({ text: SEARCH_WORDS[n % SEARCH_WORDS.length], near: placeNear(n), radiusKm: 25 }) },
  { name: 'category + place by DISTANCE', filter: (n) => ({ categories: [CATEGORIES[n % CATEGORIES.length]], near: placeNear(n + 3), radiusKm: 25, sort: 'DISTANCE' }) },
  { name: 'typo-only text', filter: (n) => ({ text: TYPOS[n % TYPOS.length] }) },
  // The bench runs at one hour of one day; coaches search at every hour: the n-th asks at one of the coming week's 168 hours.
  { name: 'open now with capacity', filter: (n) => ({ openAt: new Date(Date.now() + ((n * 37) % 168) * HOUR_MS).toISOString(), hasCapacity: true }) },
  {
    name: 'language + insurance + age',
    filter: (n) => ({
      languages: [n % 3 === 2 ? OTHER_LANGUAGES[n % OTHER_LANGUAGES.length] : 'es'],
      insurance: [...new Set([INSURANCE[n % INSURANCE.length], ...(n % 2 ? ['UNINSURED'] : [])])],
      age: 16 + ((n * 13) % 55),
    }),
  },
];

/** The i-th request of the mix: its kind, round the kinds; anonymous or as the coach, by turns. */
const kindOf = (i: number) => KINDS[i % KINDS.length];
const asCoach = (i: number) => i % 2 === 1;
const variables = (i: number) => ({ filter: kindOf(i).filter(Math.floor(i / KINDS.length)), first: FIRST });
const search = (gql: Gql, coachToken: string, i: number) => gql(SEARCH_SERVICES, variables(i), asCoach(i) ? coachToken : undefined);

interface Observed {
  statements: number;
  /** totalCount of that first search: that the kind finds something, and how much. */
  matches: number;
}

/** On a Beacon in this process: the SQL statements of the first request of each kind (sent once before, to warm its caches), and what it found. */
function observeKinds(databaseUrl: string): Promise<Map<string, Observed>> {
  return withInProcessBeacon(databaseUrl, async (gql, dataSource) => {
    const coachToken = await signInAs(gql, MIX_COACH);
    const observed = new Map<string, Observed>();
    for (let i = 0; i < KINDS.length; i++) {
      await search(gql, coachToken, i);
      let matches = 0;
      const statements = await captureStatements(dataSource, async () => (matches = (await search(gql, coachToken, i)).searchServices.totalCount));
      observed.set(kindOf(i).name, { statements: statements.length, matches });
    }
    return observed;
  });
}

export interface MixResult {
  directory: MixDirectory;
  kinds: { name: string; load: LoadResult; statements: number; matches: number }[];
  all: LoadResult;
}

/** The directory (built or reused), its statements per kind, then the mix under CONCURRENCY clients for `seconds` on a Beacon process. */
export async function benchMix(server: BenchServer, services: number, seconds: number): Promise<MixResult> {
  const directory = await openMixDirectory(server, services);
  console.log('capturing the SQL of each kind of search');
  const observed = await observeKinds(directory.url);
  const beacon = await startBeaconProcess(directory.url);
  try {
    const gql = gqlClient(beacon.url);
    const coachToken = await signInAs(gql, MIX_COACH);
    const send = (i: number) => search(gql, coachToken, i).then(() => true);
    const kindName = (i: number) => kindOf(i).name;
    console.log('measuring the search mix');
    await runMixedLoad(send, CONCURRENCY, Math.min(3, seconds), kindName);
    const { all, kinds } = await runMixedLoad(send, CONCURRENCY, seconds, kindName);
    return { directory, kinds: KINDS.map(({ name }) => ({ name, load: kinds.get(name)!, ...observed.get(name)! })), all };
  } finally {
    await beacon.stop();
  }
}

export function printMix({ directory, kinds, all }: MixResult, seconds: number) {
  const made = directory.reused ? `reused, built in ${directory.buildSeconds.toFixed(1)} s` : `built in ${directory.buildSeconds.toFixed(1)} s`;
  console.log(
    `\nSearch mix: ${directory.services.toLocaleString()} services created through the API (${made}); SearchServices, ${FIRST} ServiceCards, ` +
      `anonymous and as a coach by turns; ${CONCURRENCY} concurrent clients, ${seconds} s`,
  );
  console.log('| kind | matches | requests | errors | req/s | p50 ms | p95 ms | p99 ms | statements |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const row = (name: string, matches: string, r: LoadResult, statements: string) =>
    console.log(`| ${name} | ${matches} | ${r.requests} | ${r.errors} | ${fixed(r.throughput)} | ${fixed(r.p50)} | ${fixed(r.p95)} | ${fixed(r.p99)} | ${statements} |`);
  for (const k of kinds) row(k.name, k.matches.toLocaleString(), k.load, String(k.statements));
  row('whole mix', '-', all, '-');
  console.log(`target p95 under ${TARGET_P95_MS} ms: ${all.p95 < TARGET_P95_MS ? 'met' : 'not met'} (${fixed(all.p95)} ms)`);
}

/** BENCH_JSON's `mix`. */
export const mixJson = ({ directory, kinds, all }: MixResult) => ({
  services: directory.services,
  buildSeconds: directory.buildSeconds,
  reused: directory.reused,
  kinds: kinds.map((k) => ({ name: k.name, ...loadFigures(k.load), statements: k.statements, matches: k.matches })),
  all: loadFigures(all),
});
