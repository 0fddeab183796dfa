import { MigrationInterface, QueryRunner } from 'typeorm';

/** [code, name, description]; the category comes from the top-level term, the parent from the code. */
type Term = [string, string, string | null];

const CATEGORIES: Record<string, string> = {
  housing: 'HOUSING',
  employment: 'EMPLOYMENT',
  treatment: 'TREATMENT',
  'recovery-support': 'RECOVERY_SUPPORT',
  education: 'EDUCATION',
  'health-care': 'HEALTH_CARE',
  'basic-needs': 'BASIC_NEEDS',
  legal: 'LEGAL',
  financial: 'FINANCIAL',
  transportation: 'TRANSPORTATION',
};

/**
 * Beacon's service taxonomy: stable dotted codes, parents before children. Codes are never
 * renamed or reused (listings and saved searches refer to them); new terms come in new migrations.
 */
const TERMS: Term[] = [
  ['housing', 'Housing', 'A place to stay, from tonight to for good.'],
  ['housing.emergency-shelter', 'Emergency shelter', 'Beds for tonight.'],
  ['housing.emergency-shelter.domestic-violence', 'Domestic-violence shelter', 'Confidential shelter for survivors and their children.'],
  ['housing.recovery-residence', 'Recovery residence / sober living', 'Alcohol- and drug-free peer-supported housing (NARR levels I-IV).'],
  ['housing.transitional', 'Transitional housing', 'Time-limited housing with support, up to 24 months.'],
  ['housing.permanent-supportive', 'Permanent supportive housing', 'Long-term housing with voluntary support services.'],
  ['housing.rental-assistance', 'Rental assistance', 'Help with deposits, rent and arrears.'],
  ['employment', 'Employment', 'Finding and keeping work.'],
  ['employment.job-training', 'Job training', 'Skills and certificate programs.'],
  ['employment.supported-employment', 'Supported employment / IPS', 'Individual Placement and Support: rapid job search with ongoing support.'],
  ['employment.job-placement', 'Job placement', 'Matching job seekers with employers.'],
  ['employment.resume-help', 'Resume and interview help', null],
  ['treatment', 'Treatment', 'Substance use and mental-health treatment.'],
  ['treatment.detox', 'Detox / withdrawal management', 'Medically monitored withdrawal.'],
  ['treatment.residential', 'Residential treatment', 'Live-in treatment programs.'],
  ['treatment.intensive-outpatient', 'Intensive outpatient (IOP)', 'Several sessions a week while living at home.'],
  ['treatment.outpatient', 'Outpatient treatment', 'Counseling and groups, weekly.'],
  ['treatment.medication-assisted', 'Medication for opioid use disorder (MOUD)', 'Buprenorphine, methadone or naltrexone with counseling.'],
  ['treatment.mental-health-counseling', 'Mental-health counseling', 'Individual and group therapy.'],
  ['treatment.crisis', 'Crisis services', 'Crisis lines, mobile crisis and crisis stabilization.'],
  ['recovery-support', 'Recovery support', 'Peer-led help to start and stay in recovery.'],
  ['recovery-support.peer-support-groups', 'Peer support groups', 'Mutual-aid meetings (12-step, SMART Recovery and others).'],
  ['recovery-support.recovery-community-center', 'Recovery community center', 'A drop-in hub run by and for people in recovery.'],
  ['recovery-support.recovery-coaching', 'Recovery coaching', 'One-to-one support from a certified recovery coach.'],
  ['recovery-support.harm-reduction', 'Harm reduction', 'Naloxone, syringe services and safer-use supplies.'],
  ['education', 'Education', null],
  ['education.ged', 'GED / high school equivalency', null],
  ['education.college-access', 'College access', 'Applications, financial aid and collegiate recovery programs.'],
  ['education.literacy', 'Adult literacy', null],
  ['health-care', 'Health care', null],
  ['health-care.primary-care', 'Primary care', null],
  ['health-care.dental', 'Dental care', null],
  ['health-care.insurance-enrollment', 'Health insurance enrollment', 'Help applying for Medicaid and marketplace plans.'],
  ['basic-needs', 'Basic needs', null],
  ['basic-needs.food', 'Food', 'Food pantries and free meals.'],
  ['basic-needs.clothing', 'Clothing', null],
  ['basic-needs.id-documents', 'ID and vital documents', 'Birth certificates, state IDs and Social Security cards.'],
  ['legal', 'Legal', null],
  ['legal.expungement', 'Record expungement', null],
  ['legal.reentry', 'Reentry support', 'Help after incarceration.'],
  ['legal.tenant-rights', 'Tenant rights', 'Eviction defense and housing law.'],
  ['financial', 'Financial', null],
  ['financial.benefits', 'Public benefits', 'SNAP, SSI/SSDI and TANF applications.'],
  ['financial.financial-coaching', 'Financial coaching', 'Budgeting, credit repair and banking.'],
  ['transportation', 'Transportation', null],
  ['transportation.transit-passes', 'Transit passes', null],
  ['transportation.rides-to-treatment', 'Rides to treatment', 'Medicaid non-emergency transportation and volunteer drivers.'],
];

/** Loads the taxonomy tree as reference data, so it is in every database, demo data or not. */
export class DirectoryTaxonomy1764000001100 implements MigrationInterface {
  name = 'DirectoryTaxonomy1764000001100';

  async up(db: QueryRunner): Promise<void> {
    // Parents come first in TERMS, so each insert finds its parent by code.
    for (const [position, [code, name, description]] of TERMS.entries()) {
      const parent = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
      await db.query(
        `INSERT INTO taxonomy_term (code, name, description, category, parent_id, position)
         VALUES ($1, $2, $3, $4, (SELECT id FROM taxonomy_term WHERE code = $5), $6)`,
        [code, name, description, CATEGORIES[code.split('.')[0]], parent, position],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM taxonomy_term WHERE taxonomy = 'beacon'`);
  }
}
