import { CENTRES } from '../seeds/synthetic/directory';

/**
 * The search mix's directory as agencies would type it into the agency portal: the i-th
 * listing's CreateServiceInput and the j-th agency's name, drawn from a seeded generator so that
 * every build of a size holds the same directory.
 */

/** mulberry32: small, fast and seedable (Math.random is none of the last). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Offering {
  /** What a coach would type for it. */
  word: string;
  category: string;
  /** Taxonomy terms (migration DirectoryTaxonomy): each listing gets one or two. */
  codes: string[];
  titles: string[];
  about: string;
  /** Open day and night more often than not (detox admissions, shelters, crisis lines). */
  allHours?: boolean;
}

/** The first ten are the vocabulary and make most of the directory; the rest fill out a real directory's breadth. */
const OFFERINGS: Offering[] = [
  { word: 'housing', category: 'HOUSING', codes: ['housing.transitional', 'housing.permanent-supportive', 'housing.rental-assistance'], titles: ['Housing Program', 'Supportive Housing', 'Housing Navigation'], about: 'Transitional and permanent supportive housing with case management and help with rent' },
  { word: 'detox', category: 'TREATMENT', codes: ['treatment.detox'], titles: ['Detox Unit', 'Withdrawal Management', 'Medical Detox'], about: 'Medically monitored detox and withdrawal management, with a bed and a plan for what comes next', allHours: true },
  { word: 'recovery', category: 'RECOVERY_SUPPORT', codes: ['recovery-support.recovery-coaching', 'recovery-support.recovery-community-center'], titles: ['Recovery Center', 'Recovery Coaching', 'Recovery Community Center'], about: 'Recovery coaching and a drop-in recovery community run by people in recovery' },
  { word: 'counseling', category: 'TREATMENT', codes: ['treatment.mental-health-counseling'], titles: ['Counseling Center', 'Family Counseling', 'Behavioral Health Counseling'], about: 'Individual, family and group counseling for mental health and substance use' },
  { word: 'job training', category: 'EMPLOYMENT', codes: ['employment.job-training'], titles: ['Job Training', 'Workforce Training', 'Career Academy'], about: 'Job training and certificate programs in construction, food service and health care' },
  { word: 'peer support', category: 'RECOVERY_SUPPORT', codes: ['recovery-support.peer-support-groups'], titles: ['Peer Support', 'Peer Support Groups', 'Peer Network'], about: 'Peer support groups led by people with lived experience: SMART Recovery and 12-step meetings' },
  { word: 'sober living', category: 'HOUSING', codes: ['housing.recovery-residence'], titles: ['Sober Living', 'Sober Living House', 'Recovery Residence'], about: 'Sober living: alcohol- and drug-free shared housing with house meetings and peer support' },
  { word: 'shelter', category: 'HOUSING', codes: ['housing.emergency-shelter'], titles: ['Emergency Shelter', 'Family Shelter', 'Night Shelter'], about: 'Emergency shelter beds for tonight, with meals, showers and case management', allHours: true },
  { word: 'outpatient', category: 'TREATMENT', codes: ['treatment.outpatient', 'treatment.intensive-outpatient'], titles: ['Outpatient Clinic', 'Intensive Outpatient Program', 'Outpatient Services'], about: 'Outpatient treatment: weekly counseling and groups, and an evening intensive outpatient program' },
  { word: 'employment', category: 'EMPLOYMENT', codes: ['employment.supported-employment', 'employment.job-placement', 'employment.resume-help'], titles: ['Employment Services', 'Supported Employment', 'Job Placement'], about: 'Supported employment (IPS), job placement, resumes and help keeping a job' },
  { word: 'medication', category: 'TREATMENT', codes: ['treatment.medication-assisted'], titles: ['MOUD Clinic', 'Opioid Treatment Program'], about: 'Medication for opioid use disorder (buprenorphine, methadone, naltrexone) with counseling' },
  { word: 'crisis', category: 'TREATMENT', codes: ['treatment.crisis'], titles: ['Crisis Stabilization', 'Mobile Crisis Team'], about: 'Crisis stabilization and a mobile crisis team for mental-health and substance use crises', allHours: true },
  { word: 'harm reduction', category: 'RECOVERY_SUPPORT', codes: ['recovery-support.harm-reduction'], titles: ['Harm Reduction Program', 'Syringe Services'], about: 'Naloxone, syringe services, test strips and safer-use supplies, no questions asked' },
  { word: 'food', category: 'BASIC_NEEDS', codes: ['basic-needs.food', 'basic-needs.clothing'], titles: ['Food Pantry', 'Community Meals'], about: 'A food pantry and free community meals, clothing closet on Saturdays' },
  { word: 'legal', category: 'LEGAL', codes: ['legal.reentry', 'legal.expungement', 'legal.tenant-rights'], titles: ['Reentry Legal Clinic', 'Legal Aid'], about: 'Free legal help: record expungement, reentry after incarceration and eviction defense' },
  { word: 'benefits', category: 'FINANCIAL', codes: ['financial.benefits', 'financial.financial-coaching'], titles: ['Benefits Enrollment', 'Financial Coaching'], about: 'Help applying for SNAP, SSI/SSDI and TANF, and budgeting and credit repair' },
  { word: 'GED', category: 'EDUCATION', codes: ['education.ged', 'education.literacy'], titles: ['GED Classes', 'Adult Education'], about: 'GED preparation and adult literacy classes, days and evenings' },
  { word: 'primary care', category: 'HEALTH_CARE', codes: ['health-care.primary-care', 'health-care.insurance-enrollment'], titles: ['Community Health Clinic', 'Health Center'], about: 'Primary care on a sliding scale, and help enrolling in Medicaid' },
  { word: 'rides', category: 'TRANSPORTATION', codes: ['transportation.rides-to-treatment', 'transportation.transit-passes'], titles: ['Rides to Treatment', 'Transit Assistance'], about: 'Rides to treatment appointments and transit passes for people in recovery' },
];
const COMMON_OFFERINGS = 10;
const DOMESTIC_VIOLENCE_SHELTER = 'housing.emergency-shelter.domestic-violence';

const PLACES = ['Harbor', 'Tidewater', 'Lighthouse', 'Bayside', 'Riverside', 'Northgate', 'Cedar Hill', 'Maple', 'Summit', 'Oak Park', 'Eastport', 'Westfield', 'Pine Ridge', 'Lakeview', 'Southside', 'Union', 'Brookline', 'Fairview', 'Kingston', 'Millbrook'];
const AGENCY_KINDS = ['Community Services', 'Recovery Center', 'Health Partners', 'Housing Collaborative', 'Family Services', 'Behavioral Health', 'Outreach', 'Workforce Alliance', 'Peer Alliance', 'Human Services'];
/** Town, state and ZIP prefix of each of CENTRES, in its order. */
const TOWNS: [string, string, string][] = [
  ['New York', 'NY', '100'], ['Brooklyn', 'NY', '112'], ['Bronx', 'NY', '104'], ['Newark', 'NJ', '071'], ['Paterson', 'NJ', '075'],
  ['White Plains', 'NY', '106'], ['Staten Island', 'NY', '103'], ['New Haven', 'CT', '065'], ['Trenton', 'NJ', '086'], ['Poughkeepsie', 'NY', '126'],
];
const STREETS = ['Main St', 'Harbor St', 'Broad St', 'Church St', 'Elm St', 'Washington Ave', 'Park Ave', 'Union St', 'Market St', 'Water St'];
const AUDIENCES = ['For adults in recovery and their families.', 'Serving youth and young adults.', 'Open to anyone in the county.', 'Veterans welcome.', 'Women and mothers with children welcome.', 'For people returning from incarceration.'];
const ACCESS = ['Walk-ins welcome.', 'Call for an intake appointment.', 'Referral by a coach or case manager preferred.', 'Same-day intake most days.'];
/** Beyond English and Spanish, the region's other languages. */
export const OTHER_LANGUAGES = ['zh', 'ht', 'ru', 'ko', 'ar', 'pl', 'bn', 'pt', 'vi', 'fr'];
export const INSURANCE = ['MEDICAID', 'MEDICARE', 'PRIVATE', 'UNINSURED', 'VA'];
const POPULATIONS = ['ADULTS', 'FAMILIES', 'LGBTQ', 'MEN', 'OLDER_ADULTS', 'PEOPLE_EXPERIENCING_HOMELESSNESS', 'PEOPLE_WITH_DISABILITIES', 'PREGNANT_OR_PARENTING', 'REENTRY', 'SURVIVORS_OF_VIOLENCE', 'VETERANS', 'WOMEN', 'YOUTH'];
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
const EVERY_DAY = [...WEEKDAYS, 'SATURDAY', 'SUNDAY'];

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const digits = (random: Random, count: number) => String(Math.floor(random() * 10 ** count)).padStart(count, '0');
const opening = (days: string[], opensAt: string, closesAt: string) => days.map((weekday) => ({ weekday, opensAt, closesAt }));

/** The j-th agency's name: every place with every kind once before any name repeats with a number. */
export function agencyName(j: number): string {
  const name = `${PLACES[j % PLACES.length]} ${AGENCY_KINDS[Math.floor(j / PLACES.length) % AGENCY_KINDS.length]}`;
  const round = Math.floor(j / (PLACES.length * AGENCY_KINDS.length));
  return round === 0 ? name : `${name} ${round + 1}`;
}

/** Weekly hours: mostly weekdays 9 to 5, some long days with Saturday, evening groups, overnight, and 24/7. */
function hours(random: Random, allHours: boolean) {
  const r = random();
  if (r < (allHours ? 0.7 : 0.12)) return opening(EVERY_DAY, '00:00', '24:00');
  if (r < 0.8) return opening(WEEKDAYS, '09:00', '17:00');
  if (r < 0.9) return [...opening(WEEKDAYS, '08:00', '20:00'), ...opening(['SATURDAY'], '10:00', '14:00')];
  if (r < 0.96) return opening(WEEKDAYS.slice(0, 4), '17:00', '21:00');
  return opening(EVERY_DAY, '20:00', '08:00');
}

/** A site around one of CENTRES (sums of uniforms, as the synthetic directory spreads them: most within 20 km). */
function locationInput(random: Random, first: boolean, confidential: boolean, allHours: boolean) {
  const centre = Math.floor(random() * CENTRES.length);
  const [latitude, longitude] = CENTRES[centre];
  const [city, stateProvince, zip] = TOWNS[centre];
  const spread = () => random() + random() + random() - 1.5;
  return {
    name: first ? 'Main site' : 'Satellite site',
    confidential,
    latitude: latitude + spread() * 0.35,
    longitude: longitude + spread() * 0.45,
    timeZone: 'America/New_York',
    address: { address1: `${1 + Math.floor(random() * 2000)} ${pick(random, STREETS)}`, city, stateProvince, postalCode: `${zip}${digits(random, 2)}`, country: 'US' },
    phones: [{ number: `(555) ${digits(random, 3)}-${digits(random, 4)}`, type: 'voice' }],
    schedules: hours(random, allHours),
    accessibility: random() < 0.4 ? ['wheelchair accessible'] : [],
  };
}

function languages(random: Random): string[] {
  const r = random();
  const spoken = r < 0.05 ? ['es'] : r < 0.5 ? ['en', 'es'] : ['en'];
  return random() < 0.15 ? [...spoken, pick(random, OTHER_LANGUAGES)] : spoken;
}

/** Medicaid most often, each other plan by chance; some listings take none (free or self-pay). */
const insurance = (random: Random) => INSURANCE.filter((plan) => random() < (plan === 'MEDICAID' ? 0.6 : 0.3));

/** Half the listings name no age limits; the rest adults, youth, working age or older adults. */
function ages(random: Random): { minimumAge?: number; maximumAge?: number } {
  const r = random();
  if (r < 0.5) return {};
  if (r < 0.75) return { minimumAge: 18 };
  if (r < 0.85) return { minimumAge: 12, maximumAge: 24 };
  if (r < 0.93) return { minimumAge: 18, maximumAge: 64 };
  return { minimumAge: 55 };
}

const populations = (random: Random) => (random() < 0.5 ? [] : [...new Set([pick(random, POPULATIONS), pick(random, POPULATIONS)])]);

/**
 * The i-th listing: an offering (the vocabulary most of the time), its category and one or
 * two of its taxonomy terms, a name and description in an agency's words, languages, plans,
 * eligibility, one to three sites with hours (a third of the shelters are confidential
 * domestic-violence shelters, a few other sites confidential too), and live capacity on a third.
 */
export function listingInput(i: number) {
  const random = seeded(i + 1);
  const offering = random() < 0.8 ? OFFERINGS[Math.floor(random() * COMMON_OFFERINGS)] : pick(random, OFFERINGS.slice(COMMON_OFFERINGS));
  const domesticViolence = offering.word === 'shelter' && random() < 1 / 3;
  const confidential = domesticViolence || random() < 0.01;
  const codes = [...new Set([pick(random, offering.codes), pick(random, offering.codes)]), ...(domesticViolence ? [DOMESTIC_VIOLENCE_SHELTER] : [])];
  const sites = random() < 0.7 ? 1 : random() < 0.67 ? 2 : 3;
  // A third of the listings report capacity; about a third of those are full right now.
  const capacity = random() < 1 / 3 && { available: Math.max(0, Math.floor(random() * 16) - 5), maximum: 12 + Math.floor(random() * 30), unit: offering.category === 'HOUSING' ? 'beds' : 'openings' };
  return {
    name: `${pick(random, PLACES)} ${pick(random, offering.titles)}${domesticViolence ? ' (Safe House)' : ''}`,
    description: `${offering.about}. ${pick(random, AUDIENCES)} ${pick(random, ACCESS)}`,
    category: offering.category,
    taxonomyCodes: codes,
    languages: languages(random),
    acceptedInsurance: insurance(random),
    eligibility: { ...ages(random), populations: domesticViolence ? ['SURVIVORS_OF_VIOLENCE'] : populations(random) },
    locations: Array.from({ length: sites }, (_, k) => locationInput(random, k === 0, confidential, offering.allHours === true)),
    ...(capacity && { capacity }),
  };
}
