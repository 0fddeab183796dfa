import { createOrganization } from '../../src/people/organizations.service';
import { OrganizationKind } from '../../src/people/enums';
import { Insurance, Population, ServiceCategory, Weekday } from '../../src/directory/enums';
import type { CreateServiceInput, LocationInput, ScheduleInput } from '../../src/directory/inputs';
import { createService, updateCapacity } from '../../src/directory/services.service';
import type { DemoPeople } from './people';

const ZONE = 'America/New_York';
const WEEKDAYS = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY];
const ALL_DAYS = Object.values(Weekday);

const hours = (days: Weekday[], opensAt: string, closesAt: string): ScheduleInput[] => days.map((weekday) => ({ weekday, opensAt, closesAt }));
const weekdays = (opensAt = '09:00', closesAt = '17:00') => hours(WEEKDAYS, opensAt, closesAt);
const always = () => hours(ALL_DAYS, '00:00', '24:00');

/** Harbor County's towns, with a street grid around each centre. */
const TOWNS = {
  harborview: { city: 'Harborview', postalCode: '06510', latitude: 41.3083, longitude: -72.9279 },
  tidewater: { city: 'Tidewater', postalCode: '06511', latitude: 41.3255, longitude: -72.9432 },
  bayside: { city: 'Bayside', postalCode: '06512', latitude: 41.2795, longitude: -72.8826 },
  northgate: { city: 'Northgate', postalCode: '06514', latitude: 41.3712, longitude: -72.9332 },
  westfield: { city: 'Westfield', postalCode: '06516', latitude: 41.2723, longitude: -72.9636 },
  cedarHill: { city: 'Cedar Hill', postalCode: '06513', latitude: 41.3151, longitude: -72.8921 },
};
type Town = keyof typeof TOWNS;

function site(town: Town, street: string, extra: Partial<LocationInput> & { north?: number; east?: number } = {}): LocationInput {
  const { north = 0, east = 0, ...rest } = extra;
  const t = TOWNS[town];
  return {
    address: { address1: street, city: t.city, stateProvince: 'CT', postalCode: t.postalCode, country: 'US' },
    latitude: Math.round((t.latitude + north / 111.2) * 1e5) / 1e5,
    longitude: Math.round((t.longitude + east / 83.5) * 1e5) / 1e5,
    timeZone: ZONE,
    schedules: weekdays(),
    accessibility: ['wheelchair accessible'],
    ...rest,
  };
}

interface Listing {
  name: string;
  category: ServiceCategory;
  description: string;
  codes: string[];
  at: LocationInput[];
  languages?: string[];
  ages?: [number | null, number | null];
  populations?: (keyof typeof Population)[];
  insurance?: (keyof typeof Insurance)[];
  capacity?: { available: number; maximum?: number; unit: string; hoursAgo?: number };
  cost?: string;
  extra?: Partial<CreateServiceInput>;
}

const phone = (n: string, type = 'voice', description?: string) => ({ number: `(555) ${n}`, type, description });

/** The demo county's directory: created through the services as each provider's staff (admins for providers without staff). */
export async function seedDirectory(people: DemoPeople) {
  const { organizations: o, users: u, as } = people;
  const admin = as(u.admin);
  const org = (name: string, description: string, phoneNumber: string, site: string) =>
    createOrganization(admin, { name, kinds: [OrganizationKind.PROVIDER], description, phone: phoneNumber, website: site, email: `info@${new URL(site).hostname}` });
  const legalAid = await org('Harbor County Legal Aid', 'Free civil legal help: record expungement, eviction defense, benefits appeals.', '(555) 201-8800', 'https://harborlegalaid.example.org');
  const foodBank = await org('Second Harvest of Harbor County', 'Food pantries, community meals and clothing closets.', '(555) 201-2200', 'https://secondharvestharbor.example.org');
  const learning = await org('Harbor Adult Learning Center', 'GED classes, adult literacy and college access.', '(555) 201-6600', 'https://harborlearning.example.org');
  const transit = await org('Harbor Transit Access', 'Reduced-fare passes and rides to treatment.', '(555) 201-7700', 'https://harbortransit.example.org');
  const benefits = await org('Harbor Benefits & Money Coaching', 'SNAP, SSI/SSDI and Medicaid applications; financial coaching.', '(555) 201-4100', 'https://harborbenefits.example.org');

  // Staff create their own organization's listings; an admin creates the rest.
  const tidewater = as(u.agency);
  const lighthouse = as(u.housing);
  const by = (organizationId: string) => (organizationId === o.tidewater.id ? tidewater : organizationId === o.lighthouse.id ? lighthouse : admin);

  const listings: [string, string, Listing][] = [
    // Tidewater Treatment Center
    ['detox', o.tidewater.id, { name: 'Tidewater Medically Monitored Detox', category: ServiceCategory.TREATMENT, description: 'Medically monitored withdrawal management from alcohol, opioids and benzodiazepines, with a warm hand-off to ongoing care.', codes: ['treatment.detox'], at: [site('tidewater', '480 Shoreline Ave', { schedules: always(), phones: [phone('201-7111', 'voice', '24-hour admissions')] })], languages: ['en', 'es'], ages: [18, null], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE', 'UNINSURED'], capacity: { available: 3, maximum: 24, unit: 'beds', hoursAgo: 2 } }],
    ['residential', o.tidewater.id, { name: 'Tidewater Residential Treatment', category: ServiceCategory.TREATMENT, description: '28-day residential substance use treatment with family programming.', codes: ['treatment.residential'], at: [site('tidewater', '482 Shoreline Ave', { schedules: always() })], ages: [18, null], insurance: ['MEDICAID', 'PRIVATE'], capacity: { available: 0, maximum: 40, unit: 'beds', hoursAgo: 5 } }],
    ['intensiveOutpatient', o.tidewater.id, { name: 'Evening Intensive Outpatient Program', category: ServiceCategory.TREATMENT, description: 'Three evenings a week of group and individual therapy for people working or in school.', codes: ['treatment.intensive-outpatient'], at: [site('harborview', '77 Chapel St, Suite 300', { schedules: hours([Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.THURSDAY], '17:30', '20:30') })], languages: ['en'], ages: [18, null], insurance: ['MEDICAID', 'PRIVATE'], capacity: { available: 6, maximum: 15, unit: 'seats', hoursAgo: 60 } }],
    ['outpatient', o.tidewater.id, { name: 'Tidewater Outpatient Counseling', category: ServiceCategory.TREATMENT, description: 'Weekly counseling and groups for substance use and co-occurring disorders.', codes: ['treatment.outpatient', 'treatment.mental-health-counseling'], at: [site('harborview', '77 Chapel St, Suite 310'), site('bayside', '12 Ferry Rd', { schedules: weekdays('10:00', '18:00') })], languages: ['en', 'es'], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE'] }],
    ['moud', o.tidewater.id, { name: 'Same-Day Buprenorphine Clinic', category: ServiceCategory.TREATMENT, description: 'Walk-in starts on buprenorphine (Suboxone) and naltrexone, with counseling and peer support. Methadone referrals.', codes: ['treatment.medication-assisted'], at: [site('harborview', '210 Wharf St', { schedules: [...weekdays('07:00', '19:00'), ...hours([Weekday.SATURDAY], '08:00', '12:00')] })], languages: ['en', 'es', 'pt'], ages: [16, null], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE', 'UNINSURED'], cost: 'Sliding scale' }],
    ['methadone', o.tidewater.id, { name: 'Tidewater Opioid Treatment Program', category: ServiceCategory.TREATMENT, description: 'Methadone maintenance with daily dosing and counseling.', codes: ['treatment.medication-assisted'], at: [site('westfield', '9 Quarry Ln', { schedules: [...weekdays('05:30', '13:00'), ...hours([Weekday.SATURDAY, Weekday.SUNDAY], '07:00', '10:00')] })], ages: [18, null], insurance: ['MEDICAID', 'MEDICARE'] }],
    ['womensResidential', o.tidewater.id, { name: 'New Tide Women and Children Program', category: ServiceCategory.TREATMENT, description: 'Residential treatment for pregnant and parenting women; children up to age 5 stay with their mothers.', codes: ['treatment.residential'], at: [site('cedarHill', '35 Orchard St', { schedules: always() })], ages: [18, null], populations: ['WOMEN', 'PREGNANT_OR_PARENTING'], insurance: ['MEDICAID'], capacity: { available: 1, maximum: 12, unit: 'beds', hoursAgo: 100 } }],
    ['adolescent', o.tidewater.id, { name: 'Teen Recovery Outpatient', category: ServiceCategory.TREATMENT, description: 'After-school outpatient program for teens and their families.', codes: ['treatment.outpatient'], at: [site('northgate', '400 Ridge Rd', { schedules: weekdays('15:00', '19:00') })], ages: [13, 18], populations: ['YOUTH'], insurance: ['MEDICAID', 'PRIVATE'] }],
    ['veteransCounseling', o.tidewater.id, { name: 'Veterans Recovery Counseling', category: ServiceCategory.TREATMENT, description: 'Counseling for veterans in recovery, with VA community care billing.', codes: ['treatment.outpatient', 'treatment.mental-health-counseling'], at: [site('harborview', '77 Chapel St, Suite 320')], populations: ['VETERANS'], insurance: ['VA', 'PRIVATE'] }],
    // Lighthouse Housing Collaborative
    ['recoveryResidence', o.lighthouse.id, { name: 'Lighthouse Recovery Residence for Men', category: ServiceCategory.HOUSING, description: 'NARR level II sober living: house meetings, peer support and drug testing. Six-month typical stay.', codes: ['housing.recovery-residence'], at: [site('harborview', '14 Beacon St', { phones: [phone('201-3311')] })], ages: [18, null], populations: ['MEN'], insurance: ['UNINSURED'], capacity: { available: 2, maximum: 10, unit: 'beds', hoursAgo: 4 }, cost: 'Weekly rent' }],
    ['womensResidence', o.lighthouse.id, { name: 'Lighthouse Recovery Residence for Women', category: ServiceCategory.HOUSING, description: 'Sober living for women, children welcome on weekend visits.', codes: ['housing.recovery-residence'], at: [site('cedarHill', '88 Linden St')], ages: [18, null], populations: ['WOMEN'], capacity: { available: 0, maximum: 8, unit: 'beds', hoursAgo: 20 }, cost: 'Weekly rent' }],
    ['transitional', o.lighthouse.id, { name: 'Harbor Bridge Transitional Housing', category: ServiceCategory.HOUSING, description: 'Up to 24 months of transitional housing with case management for people leaving treatment or incarceration.', codes: ['housing.transitional'], at: [site('tidewater', '301 Mill St')], ages: [18, null], populations: ['REENTRY', 'PEOPLE_EXPERIENCING_HOMELESSNESS'], capacity: { available: 4, maximum: 30, unit: 'units', hoursAgo: 90 } }],
    ['youthTransitional', o.lighthouse.id, { name: 'Next Step Youth Housing', category: ServiceCategory.HOUSING, description: 'Transitional apartments and life-skills coaching for young adults aging out of care.', codes: ['housing.transitional'], at: [site('northgate', '52 College Ave')], ages: [18, 24], populations: ['YOUTH'], capacity: { available: 1, maximum: 14, unit: 'units', hoursAgo: 12 } }],
    ['permanentSupportive', o.lighthouse.id, { name: 'Harbor Homes Permanent Supportive Housing', category: ServiceCategory.HOUSING, description: 'Permanent apartments with voluntary on-site support for people with disabilities leaving homelessness.', codes: ['housing.permanent-supportive'], at: [site('bayside', '600 Coast Hwy')], populations: ['PEOPLE_WITH_DISABILITIES', 'PEOPLE_EXPERIENCING_HOMELESSNESS'], insurance: ['MEDICAID'], capacity: { available: 0, maximum: 60, unit: 'units', hoursAgo: 200 } }],
    ['rentalAssistance', o.lighthouse.id, { name: 'Rapid Rehousing and Rental Assistance', category: ServiceCategory.HOUSING, description: 'Security deposits, first month rent and arrears for households in recovery.', codes: ['housing.rental-assistance'], at: [site('harborview', '14 Beacon St, 2nd floor', { schedules: weekdays('09:00', '16:00') })], languages: ['en', 'es'], populations: ['FAMILIES'] }],
    ['emergencyShelter', o.lighthouse.id, { name: 'Harbor Street Emergency Shelter', category: ServiceCategory.HOUSING, description: 'Low-barrier overnight shelter beds; check-in from 6 pm.', codes: ['housing.emergency-shelter'], at: [site('harborview', '250 Harbor St', { schedules: hours(ALL_DAYS, '18:00', '08:00') })], ages: [18, null], populations: ['PEOPLE_EXPERIENCING_HOMELESSNESS'], insurance: ['UNINSURED'], capacity: { available: 7, maximum: 80, unit: 'beds', hoursAgo: 1 } }],
    ['veteransHousing', o.lighthouse.id, { name: 'Veterans Haven Housing', category: ServiceCategory.HOUSING, description: 'Housing first for veterans with HUD-VASH vouchers.', codes: ['housing.permanent-supportive'], at: [site('westfield', '17 Armory Rd')], populations: ['VETERANS'], insurance: ['VA'], capacity: { available: 3, maximum: 20, unit: 'units', hoursAgo: 30 } }],
    // Safe Harbor Family Shelter: the two confidential shelters
    ['dvShelter', o.safeHarbor.id, { name: 'Safe Harbor Emergency Shelter', category: ServiceCategory.HOUSING, description: 'Confidential emergency shelter for survivors of domestic violence and their children. Call the hotline for intake.', codes: ['housing.emergency-shelter.domestic-violence'], at: [site('cedarHill', '1 Confidential Way', { confidential: true, north: 0.8, east: 0.6, schedules: always(), phones: [phone('201-9911', 'hotline', '24-hour intake')] })], populations: ['SURVIVORS_OF_VIOLENCE', 'WOMEN', 'FAMILIES'], insurance: ['UNINSURED'], capacity: { available: 2, maximum: 16, unit: 'beds', hoursAgo: 3 }, languages: ['en', 'es'] }],
    ['dvSecondStage', o.safeHarbor.id, { name: 'Safe Harbor Second-Stage Housing', category: ServiceCategory.HOUSING, description: 'Confidential transitional apartments for survivors rebuilding after shelter.', codes: ['housing.transitional', 'housing.emergency-shelter.domestic-violence'], at: [site('westfield', '2 Confidential Way', { confidential: true, north: -0.7, east: 0.9, phones: [phone('201-9912')] })], populations: ['SURVIVORS_OF_VIOLENCE', 'FAMILIES'], capacity: { available: 0, maximum: 8, unit: 'units', hoursAgo: 150 } }],
    ['dvAdvocacy', o.safeHarbor.id, { name: 'Safe Harbor Court Advocacy', category: ServiceCategory.LEGAL, description: 'Help with protective orders and court accompaniment.', codes: ['legal.tenant-rights'], at: [site('harborview', '121 Court St', { phones: [phone('201-9900')] })], populations: ['SURVIVORS_OF_VIOLENCE'], languages: ['en', 'es'] }],
    // Bayside Community Health
    ['crisisLine', o.clinic.id, { name: 'Bayside Overnight Crisis Line', category: ServiceCategory.TREATMENT, description: 'Overnight phone and text support for people in a mental-health or substance use crisis; mobile team dispatch.', codes: ['treatment.crisis'], at: [site('bayside', '900 Bayview Ave', { name: 'Call center', schedules: hours(ALL_DAYS, '20:00', '08:00'), phones: [phone('201-6299', 'hotline'), phone('201-6298', 'text')] })], languages: ['en', 'es', 'ht'] }],
    ['crisisCenter', o.clinic.id, { name: 'Bayside 24/7 Crisis Stabilization Center', category: ServiceCategory.TREATMENT, description: 'Walk-in crisis care around the clock: a safe place to stabilize instead of the emergency room.', codes: ['treatment.crisis'], at: [site('bayside', '902 Bayview Ave', { schedules: always() })], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE', 'UNINSURED'], capacity: { available: 5, maximum: 16, unit: 'chairs', hoursAgo: 1 } }],
    ['primaryCare', o.clinic.id, { name: 'Bayside Primary Care', category: ServiceCategory.HEALTH_CARE, description: 'Primary care on a sliding scale, including hepatitis C treatment and wound care.', codes: ['health-care.primary-care'], at: [site('bayside', '900 Bayview Ave'), site('harborview', '40 Grand Ave', { schedules: weekdays('08:00', '16:00') })], languages: ['en', 'es', 'vi'], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE', 'UNINSURED'], cost: 'Sliding scale' }],
    ['dental', o.clinic.id, { name: 'Bayside Dental Clinic', category: ServiceCategory.HEALTH_CARE, description: 'Dental exams, cleanings and extractions; dentures for people in recovery.', codes: ['health-care.dental'], at: [site('bayside', '904 Bayview Ave')], insurance: ['MEDICAID', 'UNINSURED'], cost: 'Sliding scale' }],
    ['counseling', o.clinic.id, { name: 'Bayside Mental Health Counseling', category: ServiceCategory.TREATMENT, description: 'Individual therapy for depression, anxiety and trauma; EMDR available.', codes: ['treatment.mental-health-counseling'], at: [site('bayside', '900 Bayview Ave', { schedules: weekdays('09:00', '20:00') })], languages: ['en', 'es'], ages: [12, null], insurance: ['MEDICAID', 'MEDICARE', 'PRIVATE'] }],
    ['insuranceEnrollment', o.clinic.id, { name: 'Health Insurance Enrollment Help', category: ServiceCategory.HEALTH_CARE, description: 'Navigators help you apply for Medicaid and marketplace plans.', codes: ['health-care.insurance-enrollment'], at: [site('harborview', '40 Grand Ave')], languages: ['en', 'es', 'ar'] }],
    // Open Door Employment Services
    ['ipsEmployment', o.openDoor.id, { name: 'Open Door Supported Employment (IPS)', category: ServiceCategory.EMPLOYMENT, description: 'Individual Placement and Support: rapid job search and ongoing support on the job, for anyone who wants to work.', codes: ['employment.supported-employment'], at: [site('tidewater', '150 Commerce St')], languages: ['en', 'es'], insurance: ['MEDICAID'] }],
    ['jobTraining', o.openDoor.id, { name: 'Culinary Job Training', category: ServiceCategory.EMPLOYMENT, description: '12-week kitchen training with ServSafe certification and paid internship.', codes: ['employment.job-training'], at: [site('tidewater', '152 Commerce St', { schedules: weekdays('08:00', '14:00') })], ages: [18, null], capacity: { available: 4, maximum: 16, unit: 'seats', hoursAgo: 72 } }],
    ['constructionTraining', o.openDoor.id, { name: 'Building Trades Pre-Apprenticeship', category: ServiceCategory.EMPLOYMENT, description: 'OSHA-10, forklift and carpentry basics leading to union apprenticeships.', codes: ['employment.job-training'], at: [site('westfield', '5 Industrial Pkwy', { schedules: weekdays('07:00', '15:30') })], ages: [18, null], populations: ['REENTRY'] }],
    ['jobPlacement', o.openDoor.id, { name: 'Second Chance Job Placement', category: ServiceCategory.EMPLOYMENT, description: 'Matching people with records to fair-chance employers.', codes: ['employment.job-placement'], at: [site('harborview', '300 State St')], populations: ['REENTRY'], languages: ['en', 'es'] }],
    ['resumeHelp', o.openDoor.id, { name: 'Resume and Interview Drop-in', category: ServiceCategory.EMPLOYMENT, description: 'Walk-in resume writing, mock interviews and interview clothing.', codes: ['employment.resume-help'], at: [site('harborview', '300 State St', { schedules: hours([Weekday.TUESDAY, Weekday.THURSDAY], '13:00', '18:00') })] }],
    ['youthEmployment', o.openDoor.id, { name: 'Youth Works Summer Jobs', category: ServiceCategory.EMPLOYMENT, description: 'Paid summer jobs and mentoring for young people 16 to 21.', codes: ['employment.job-placement', 'employment.job-training'], at: [site('northgate', '400 Ridge Rd, Room 12')], ages: [16, 21], populations: ['YOUTH'] }],
    // Recovery support
    ['recoveryCenter', o.tidewater.id, { name: 'Harbor Recovery Community Center', category: ServiceCategory.RECOVERY_SUPPORT, description: 'Drop-in center run by people in recovery: all-recovery meetings, coffee, computers and recovery coaching.', codes: ['recovery-support.recovery-community-center', 'recovery-support.recovery-coaching'], at: [site('harborview', '55 Temple St', { schedules: [...weekdays('09:00', '21:00'), ...hours([Weekday.SATURDAY, Weekday.SUNDAY], '10:00', '16:00')] })], languages: ['en', 'es'], cost: 'Free' }],
    ['recoveryCoaching', o.tidewater.id, { name: 'Recovery Coaching After Detox', category: ServiceCategory.RECOVERY_SUPPORT, description: 'A certified recovery coach meets you before discharge and for 90 days after.', codes: ['recovery-support.recovery-coaching'], at: [site('tidewater', '480 Shoreline Ave', { schedules: always() })], cost: 'Free' }],
    ['harmReduction', o.clinic.id, { name: 'Bayside Harm Reduction Van', category: ServiceCategory.RECOVERY_SUPPORT, description: 'Naloxone, fentanyl test strips, syringe services and HIV/HCV testing, no questions asked.', codes: ['recovery-support.harm-reduction'], at: [site('harborview', 'Green at Church St', { name: 'Town green stop', schedules: hours([Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY], '16:00', '22:00') }), site('bayside', 'Ferry Rd lot', { name: 'Ferry lot stop', schedules: hours([Weekday.TUESDAY, Weekday.SATURDAY], '18:00', '01:00') })], languages: ['en', 'es'], cost: 'Free' }],
    ['familySupport', o.clinic.id, { name: 'Families in Recovery Support Group', category: ServiceCategory.RECOVERY_SUPPORT, description: 'Weekly group for parents, partners and friends of people in recovery.', codes: ['recovery-support.peer-support-groups'], at: [site('cedarHill', '10 Church St', { schedules: hours([Weekday.TUESDAY], '18:30', '20:00') })], populations: ['FAMILIES'], cost: 'Free' }],
    // Legal aid
    ['expungement', legalAid.id, { name: 'Clean Slate Expungement Clinic', category: ServiceCategory.LEGAL, description: 'Free help clearing eligible criminal records under the clean slate law.', codes: ['legal.expungement'], at: [site('harborview', '121 Court St, Suite 4', { schedules: hours([Weekday.WEDNESDAY], '10:00', '15:00') })], populations: ['REENTRY'], cost: 'Free' }],
    ['evictionDefense', legalAid.id, { name: 'Eviction Defense Hotline', category: ServiceCategory.LEGAL, description: 'Same-week representation for tenants facing eviction.', codes: ['legal.tenant-rights'], at: [site('harborview', '121 Court St, Suite 4', { phones: [phone('201-8811', 'hotline')] })], languages: ['en', 'es'], cost: 'Free' }],
    ['reentryLegal', legalAid.id, { name: 'Reentry Legal Services', category: ServiceCategory.LEGAL, description: 'Help with licenses, child support and fines after release.', codes: ['legal.reentry'], at: [site('tidewater', '20 Union Sq')], populations: ['REENTRY'], cost: 'Free' }],
    ['benefitsAppeals', legalAid.id, { name: 'Benefits Appeals Project', category: ServiceCategory.LEGAL, description: 'Representation at SSI/SSDI and Medicaid hearings.', codes: ['legal.reentry'], at: [site('harborview', '121 Court St, Suite 6')], populations: ['PEOPLE_WITH_DISABILITIES'], cost: 'Free' }],
    // Food, clothing, documents
    ['pantry', foodBank.id, { name: 'Harborview Community Food Pantry', category: ServiceCategory.BASIC_NEEDS, description: 'Groceries once a week, fresh produce on Fridays. No ID required.', codes: ['basic-needs.food'], at: [site('harborview', '75 Elm St', { schedules: [...hours([Weekday.TUESDAY, Weekday.THURSDAY], '10:00', '14:00'), ...hours([Weekday.FRIDAY], '12:00', '18:00')] })], languages: ['en', 'es', 'zh'], cost: 'Free' }],
    ['meals', foodBank.id, { name: 'Community Supper at St. Brendan', category: ServiceCategory.BASIC_NEEDS, description: 'Hot dinner every evening, all welcome.', codes: ['basic-needs.food'], at: [site('tidewater', '210 Water St', { schedules: hours(ALL_DAYS, '17:00', '19:00') })], cost: 'Free' }],
    ['baysidePantry', foodBank.id, { name: 'Bayside Mobile Pantry', category: ServiceCategory.BASIC_NEEDS, description: 'Mobile pantry truck stops at the Bayside library.', codes: ['basic-needs.food'], at: [site('bayside', '1 Library Ln', { schedules: hours([Weekday.SATURDAY], '09:00', '12:00') })], cost: 'Free' }],
    ['clothing', foodBank.id, { name: 'Second Harvest Clothing Closet', category: ServiceCategory.BASIC_NEEDS, description: 'Free seasonal clothing and work boots.', codes: ['basic-needs.clothing'], at: [site('harborview', '75 Elm St, rear entrance', { schedules: hours([Weekday.WEDNESDAY, Weekday.SATURDAY], '10:00', '13:00') })], cost: 'Free' }],
    ['idDocuments', benefits.id, { name: 'ID Replacement Help Desk', category: ServiceCategory.BASIC_NEEDS, description: 'Help and fee waivers for birth certificates, state IDs and Social Security cards.', codes: ['basic-needs.id-documents'], at: [site('tidewater', '20 Union Sq, Room 2')], populations: ['REENTRY', 'PEOPLE_EXPERIENCING_HOMELESSNESS'], cost: 'Free' }],
    // Education
    ['ged', learning.id, { name: 'GED Prep Classes', category: ServiceCategory.EDUCATION, description: 'Day and evening GED classes with free testing vouchers.', codes: ['education.ged'], at: [site('northgate', '18 Academy St', { schedules: weekdays('09:00', '21:00') })], languages: ['en', 'es'], ages: [16, null], capacity: { available: 9, maximum: 25, unit: 'seats', hoursAgo: 300 } }],
    ['literacy', learning.id, { name: 'Adult Literacy Tutoring', category: ServiceCategory.EDUCATION, description: 'One-to-one reading and English tutoring.', codes: ['education.literacy'], at: [site('northgate', '18 Academy St')], languages: ['en', 'es', 'ht', 'ar'], ages: [18, null], cost: 'Free' }],
    ['collegeAccess', learning.id, { name: 'Recovery to College', category: ServiceCategory.EDUCATION, description: 'Applications, financial aid and connection to the collegiate recovery program.', codes: ['education.college-access'], at: [site('northgate', '18 Academy St, Room 5')], ages: [17, null] }],
    ['esl', learning.id, { name: 'English Classes for Adults', category: ServiceCategory.EDUCATION, description: 'Free English as a second language classes, all levels.', codes: ['education.literacy'], at: [site('westfield', '3 Library Plaza', { schedules: hours([Weekday.MONDAY, Weekday.WEDNESDAY], '18:00', '20:00') })], languages: ['en', 'es', 'pt', 'zh'], cost: 'Free' }],
    // Financial
    ['snap', benefits.id, { name: 'SNAP and Cash Assistance Applications', category: ServiceCategory.FINANCIAL, description: 'Same-day help applying for SNAP, TANF and energy assistance.', codes: ['financial.benefits'], at: [site('tidewater', '20 Union Sq, Room 3')], languages: ['en', 'es', 'vi'] }],
    ['ssiSsdi', benefits.id, { name: 'SOAR SSI/SSDI Application Help', category: ServiceCategory.FINANCIAL, description: 'SOAR-trained staff help people experiencing homelessness apply for disability benefits.', codes: ['financial.benefits'], at: [site('harborview', '250 Harbor St, Annex')], populations: ['PEOPLE_EXPERIENCING_HOMELESSNESS', 'PEOPLE_WITH_DISABILITIES'] }],
    ['moneyCoaching', benefits.id, { name: 'Money Coaching for People in Recovery', category: ServiceCategory.FINANCIAL, description: 'Budgeting, credit repair, banking and paying down fines.', codes: ['financial.financial-coaching'], at: [site('cedarHill', '60 Market St', { schedules: hours([Weekday.TUESDAY, Weekday.THURSDAY], '12:00', '19:00') })], languages: ['en', 'es'], cost: 'Free' }],
    ['taxPrep', benefits.id, { name: 'Free Tax Preparation (VITA)', category: ServiceCategory.FINANCIAL, description: 'Free tax filing for households under $67,000, including EITC.', codes: ['financial.financial-coaching', 'financial.benefits'], at: [site('westfield', '3 Library Plaza, Room B', { schedules: hours([Weekday.SATURDAY], '09:00', '15:00') })], cost: 'Free' }],
    // Transportation
    ['transitPasses', transit.id, { name: 'Reduced-Fare Bus Passes', category: ServiceCategory.TRANSPORTATION, description: 'Half-price monthly bus passes for people in treatment or job training.', codes: ['transportation.transit-passes'], at: [site('harborview', 'Union Station, Window 3', { schedules: weekdays('07:00', '19:00') })], cost: 'Reduced fare' }],
    ['ridesToTreatment', transit.id, { name: 'Rides to Treatment', category: ServiceCategory.TRANSPORTATION, description: 'Medicaid non-emergency rides to treatment and methadone dosing; book 48 hours ahead.', codes: ['transportation.rides-to-treatment'], at: [site('harborview', 'Union Station, Suite 200', { schedules: weekdays('06:00', '18:00'), phones: [phone('201-7710', 'voice', 'ride booking')] })], insurance: ['MEDICAID'], languages: ['en', 'es'] }],
    ['volunteerDrivers', transit.id, { name: 'Volunteer Drivers for Recovery', category: ServiceCategory.TRANSPORTATION, description: 'Volunteer rides to meetings, court dates and job interviews.', codes: ['transportation.rides-to-treatment'], at: [site('cedarHill', '10 Church St, Parish Hall')], cost: 'Free' }],
  ];
  // Peer support meetings at libraries and churches around the county.
  const meetings: [Town, string, string, Weekday, string, string][] = [
    ['harborview', 'SMART Recovery', '75 Elm St, Parish Hall', Weekday.MONDAY, '19:00', '20:30'],
    ['bayside', 'All Recovery Meeting', '1 Library Ln, Community Room', Weekday.TUESDAY, '18:00', '19:00'],
    ['northgate', 'Recovery Dharma', '18 Academy St, Room 2', Weekday.WEDNESDAY, '19:30', '21:00'],
    ['westfield', 'Refuge Recovery', '3 Library Plaza', Weekday.THURSDAY, '12:00', '13:00'],
    ['tidewater', 'Celebrate Recovery', '210 Water St', Weekday.FRIDAY, '18:30', '21:00'],
    ['cedarHill', 'Midnight Meeting', '10 Church St', Weekday.SATURDAY, '23:00', '00:30'],
    ['harborview', 'Young People in Recovery', '55 Temple St', Weekday.SUNDAY, '16:00', '17:30'],
    ['bayside', 'LGBTQ+ Recovery Circle', '900 Bayview Ave, Room 4', Weekday.MONDAY, '18:00', '19:30'],
    ['tidewater', 'Veterans Peer Support Group', '17 Armory Rd', Weekday.WEDNESDAY, '17:00', '18:30'],
    ['harborview', 'Spanish-language Recovery Group', '77 Chapel St, Room 1', Weekday.THURSDAY, '19:00', '20:30'],
  ];
  meetings.forEach(([town, kind, street, weekday, opensAt, closesAt], i) =>
    listings.push([`meeting${i + 1}`, o.tidewater.id, {
      name: `${kind} - ${TOWNS[town].city}`,
      category: ServiceCategory.RECOVERY_SUPPORT,
      description: `${kind} peer support meeting, open to anyone in or seeking recovery. No sign-up needed.`,
      codes: ['recovery-support.peer-support-groups'],
      at: [site(town, street, { schedules: [{ weekday, opensAt, closesAt }] })],
      languages: kind.startsWith('Spanish') ? ['es'] : ['en'],
      populations: kind.startsWith('LGBTQ') ? ['LGBTQ'] : kind.startsWith('Veterans') ? ['VETERANS'] : kind.startsWith('Young') ? ['YOUTH'] : [],
      cost: 'Free',
    }]),
  );

  const services: Record<string, { id: string; organizationId: string; name: string }> = {};
  for (const [key, organizationId, l] of listings) {
    const ctx = by(organizationId);
    const service = await createService(ctx, {
      organizationId,
      name: l.name,
      description: l.description,
      category: l.category,
      taxonomyCodes: l.codes,
      locations: l.at,
      languages: l.languages ?? ['en'],
      eligibility: l.ages || l.populations ? { minimumAge: l.ages?.[0] ?? null, maximumAge: l.ages?.[1] ?? null, populations: (l.populations ?? []).map((p) => Population[p]) } : undefined,
      acceptedInsurance: (l.insurance ?? []).map((i) => Insurance[i]),
      costOptions: l.cost ? [{ option: l.cost, currency: l.cost === 'Free' ? null : 'USD' }] : [],
      applicationProcess: 'Call or walk in during open hours; a peer coach can call ahead for you.',
      requiredDocuments: l.insurance?.includes('MEDICAID') ? ['Photo ID', 'Insurance card if you have one'] : [],
      url: `https://${l.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example.org`,
      ...l.extra,
    });
    if (l.capacity) {
      await updateCapacity(ctx, { serviceId: service.id, available: l.capacity.available, maximum: l.capacity.maximum ?? null, unit: l.capacity.unit });
      // The figure's age as the agency last reported it: some are past the freshness window.
      await ctx.em.query(`UPDATE service_capacity SET updated = now() - make_interval(hours => $2) WHERE service_id = $1`, [service.id, l.capacity.hoursAgo ?? 0]);
    }
    services[key] = { id: service.id, organizationId, name: service.name };
  }
  return { services };
}

export type DemoDirectory = Awaited<ReturnType<typeof seedDirectory>>;
