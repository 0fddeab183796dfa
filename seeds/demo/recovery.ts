import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EMPTY_PLAN } from '../../src/recovery/plan-rules';
import { generateAssessments } from '../synthetic/assessments';
import type { DemoPeople } from './people';

const TRIGGERS = [
  'Payday and having cash on hand',
  'Driving past the old neighborhood',
  'Arguments with my partner',
  'Being alone on weekend nights',
  'Back pain flaring up',
  'Running into people I used with',
  'Holidays and family gatherings',
  'Feeling disrespected at work',
  'Several nights without sleep',
  "The anniversary of my brother's death",
  'Bars and parties after work',
  'Court dates and probation check-ins',
  'Stress about rent and bills',
  'Boredom when nothing is planned',
];

const WARNING_SIGNS = [
  'Skipping meetings and making excuses',
  'Not answering calls from my sponsor',
  'Staying in bed most of the day',
  'Remembering only the good times of using',
  'Snapping at the people close to me',
  'Keeping secrets about where I go',
  'Stopping my medication',
  'Thinking "just once won\'t hurt"',
  'Pulling away from friends in recovery',
  'Skipping meals',
  'Spending time with old using friends',
  'Feeling hopeless about the future',
];

const COPING_STRATEGIES = [
  'Call my sponsor before making any big decision',
  'Go to the 7 pm meeting at the recovery center',
  'Take a walk and call someone on my list',
  'Play the tape forward: think through the whole night',
  'Use the breathing exercise from group',
  'Carry only the cash I need for the day',
  'Text my peer support worker',
  'Go to the gym or shoot hoops at the park',
  'Write in my journal before bed',
  'Plan every weekend evening ahead',
  'Take my medication at the same time every day',
  'Ten minutes of prayer or meditation in the morning',
  'Take my kids to the park',
  'Drive a different way home',
];

const SUPPORT_CONTACTS = [
  { name: 'Denise Carter', relationship: 'Sponsor', phone: '(555) 410-2231' },
  { name: 'Luis Ortega', relationship: 'Brother', phone: '(555) 410-3378' },
  { name: 'Marlene Booker', relationship: 'Mother', phone: '(555) 410-1902' },
  { name: 'Pastor Jim Ellison', relationship: 'Pastor', phone: '(555) 410-5540' },
  { name: 'Keisha Grant', relationship: 'Friend in recovery', phone: '(555) 410-7713' },
  { name: 'Tom Reilly', relationship: 'Sponsor', phone: '(555) 410-6025' },
  { name: 'Angela Ruiz', relationship: 'Sister', phone: '(555) 410-4487' },
  { name: 'Dr. Helen Park', relationship: 'Counselor at Bayside Community Health', phone: '(555) 201-6240' },
  { name: 'Ray Donnelly', relationship: 'Roommate', phone: '(555) 410-8156' },
  { name: 'Harbor peer warmline', relationship: null, phone: '(555) 201-4499' },
];

const CRISIS_PLANS = [
  'If I use, I call my sponsor first, then go to the walk-in crisis service at Bayside Community Health. Please do not call my mother.',
  'If I stop answering for two days, my sister may check on me at home. Naloxone is in the kitchen drawer.',
  'Call 988 if I talk about hurting myself. I would rather go back to Tidewater detox than to the ER.',
  'Naloxone is in my backpack and my roommate knows where. If I relapse, I go straight back to my outpatient counselor.',
  'My coach may call my sponsor if I miss two appointments in a row. I accept a ride to detox if I ask for one.',
  'If I feel unsafe I call the peer warmline or 988. My neighbor takes care of my dog.',
];

/** Why each handed-off client moves on, for the recovery coach who takes them over. */
const HANDOFF_NOTES = [
  'Ninety days in and keeping every outpatient appointment; ready to work on housing and a job. Prefers a call late in the morning. We met together at the recovery center on Tuesday.',
  'Wants help getting back to work and finishing the GED. Texts work best. Warm hand-off done in person at drop-in hours.',
  'Settled in a recovery residence since spring; next steps are benefits and a primary care doctor. Still likes a familiar face at Thursday group, so I will keep saying hello.',
  'Moving from crisis support to longer-term goals. Court date next month and has asked for a ride. Introduced the two of you by phone.',
];

/** The coping strategy a recovery coach adds to a plan after taking a client over. */
const CHECK_IN = 'Weekly check-in with my recovery coach';
/** The warning sign some clients add at their second assessment. */
const LATE_SIGN = 'Staying up all night on my phone';

/** `count` entries of `list` from `start`, `stride` apart (a stride coprime with the list's length never repeats one). */
function pick<T>(list: T[], start: number, count: number, stride: number): T[] {
  return Array.from({ length: count }, (_, k) => list[(start + k * stride) % list.length]);
}

/**
 * The demo caseload's recovery work: BARC-10 assessments for every client over the past 18
 * months (most first taken within the last year, so the funder's recovery capital report over
 * it has figures), a few warm hand-offs from the peer support worker to the recovery coach, and
 * relapse prevention plans with their change history. Assessments come from the synthetic
 * generator with fixed seeds; plans and hand-offs are written here, a few statements in all.
 */
export async function seedRecoveryWork(dataSource: DataSource, people: DemoPeople, timeZone: string): Promise<void> {
  const { organizations: o, users: u } = people;
  const clients: { id: string }[] = await dataSource.query(`SELECT id FROM client WHERE organization_id = $1 ORDER BY created_at, alias`, [o.peers.id]);
  const ids = clients.map((c) => c.id);
  // Every tenth client has been assessed since before the last year; the rest first within it.
  const earlier = ids.filter((_, i) => i % 10 === 9);
  await generateAssessments(dataSource, { clientIds: ids.filter((_, i) => i % 10 !== 9), perClient: [2, 4], firstDaysAgo: [35, 330], seed: 0.1301, timeZone });
  await generateAssessments(dataSource, { clientIds: earlier, perClient: [2, 4], firstDaysAgo: [400, 540], seed: 0.1302, timeZone });
  await handOff(dataSource, { from: u.coach.id, to: u.coach2.id, supervisor: u.supervisor.id, timeZone });
  await writePlans(dataSource, ids, timeZone);
}

/**
 * Hands the first few of the peer support worker's clients with three or more assessments and
 * no open referral (so the worker's follow-up queue stays as the caseload made it) to the
 * recovery coach, between their first and second assessments; the assessments after it are the
 * recovery coach's. One of them the supervisor hands off.
 */
async function handOff(dataSource: DataSource, { from, to, supervisor, timeZone }: { from: string; to: string; supervisor: string; timeZone: string }) {
  await dataSource.transaction(async (em) => {
    await em.query(
      `WITH picked AS (
         SELECT c.id, row_number() OVER (ORDER BY c.created_at, c.alias) AS n
           FROM client c
          WHERE c.assigned_coach_id = $1
            AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.client_id = c.id AND r.status IN ('DRAFT','REQUESTED','ACCEPTED','IN_PROGRESS','ON_HOLD'))
            AND (SELECT count(*) FROM recovery_assessment a WHERE a.client_id = c.id) >= 3
          ORDER BY n LIMIT cardinality($4::text[])
       ), timed AS (
         SELECT p.id, p.n, ((a.taken_on[1] + (a.taken_on[2] - a.taken_on[1]) / 2) + time '15:00') AT TIME ZONE $5 AS at
           FROM picked p
           CROSS JOIN LATERAL (SELECT array_agg(taken_on ORDER BY taken_on, created_at) AS taken_on FROM recovery_assessment WHERE client_id = p.id) a
       )
       INSERT INTO client_handoff (client_id, from_coach_id, to_coach_id, handed_off_by_id, note, at)
       SELECT t.id, $1, $2, CASE WHEN t.n = 3 THEN $3::uuid ELSE $1::uuid END, ($4::text[])[t.n], t.at FROM timed t`,
      [from, to, supervisor, HANDOFF_NOTES, timeZone],
    );
    await em.query(`UPDATE client c SET assigned_coach_id = h.to_coach_id FROM client_handoff h WHERE h.client_id = c.id`);
    await em.query(
      `UPDATE recovery_assessment a SET recorded_by_id = h.to_coach_id
         FROM client_handoff h WHERE h.client_id = a.client_id AND a.taken_on > (h.at AT TIME ZONE $1)::date`,
      [timeZone],
    );
  });
}

interface PlanFacts {
  id: string;
  made_at: Date;
  made_by: string;
  second_at: Date;
  second_by: string;
  handoff_at: Date | null;
  handoff_to: string | null;
}

/**
 * Relapse prevention plans, made with the coach on the day of the first assessment (all but
 * every tenth client, who has none yet), each field's first value in the change history; the
 * recovery coach adds a weekly check-in a few days after a hand-off, and some clients add a
 * warning sign at their second assessment.
 */
async function writePlans(dataSource: DataSource, ids: string[], timeZone: string) {
  const facts: PlanFacts[] = await dataSource.query(
    `SELECT c.id, (a.taken_on[1] + time '11:30') AT TIME ZONE $2 AS made_at, a.recorded_by[1] AS made_by,
            (a.taken_on[2] + time '11:30') AT TIME ZONE $2 AS second_at, a.recorded_by[2] AS second_by,
            h.at + interval '3 days' AS handoff_at, h.to_coach_id AS handoff_to
       FROM unnest($1::uuid[]) WITH ORDINALITY AS c (id, n)
       CROSS JOIN LATERAL (SELECT array_agg(taken_on ORDER BY taken_on, created_at) AS taken_on, array_agg(recorded_by_id ORDER BY taken_on, created_at) AS recorded_by
                             FROM recovery_assessment WHERE client_id = c.id) a
       LEFT JOIN client_handoff h ON h.client_id = c.id
      ORDER BY c.n`,
    [ids, timeZone],
  );
  const plans: object[] = [];
  const changes: object[] = [];
  for (const [i, client] of facts.entries()) {
    if (i % 10 === 4) continue;
    const plan = {
      id: randomUUID(),
      client_id: client.id,
      triggers: pick(TRIGGERS, i * 5, 2 + (i % 3), 3),
      warning_signs: pick(WARNING_SIGNS, i * 7, 2 + ((i + 1) % 2), 5),
      coping_strategies: pick(COPING_STRATEGIES, i * 3, 3 + (i % 2), 3),
      support_contacts: pick(SUPPORT_CONTACTS, i, i % 3 === 0 ? 2 : 1, 3),
      crisis_plan: CRISIS_PLANS[i % CRISIS_PLANS.length],
      version: 1,
      created_at: client.made_at,
      updated_at: client.made_at,
      updated_by_id: client.made_by,
    };
    const record = (field: string, previous: unknown, next: unknown, by: string, at: Date) =>
      changes.push({ plan_id: plan.id, version: plan.version, field, previous_value: previous, new_value: next, changed_by_id: by, at });
    // The first save's history starts from an empty plan, as the service's does.
    record('triggers', EMPTY_PLAN.triggers, plan.triggers, client.made_by, client.made_at);
    record('warningSigns', EMPTY_PLAN.warningSigns, plan.warning_signs, client.made_by, client.made_at);
    record('copingStrategies', EMPTY_PLAN.copingStrategies, plan.coping_strategies, client.made_by, client.made_at);
    record('supportContacts', EMPTY_PLAN.supportContacts, plan.support_contacts, client.made_by, client.made_at);
    record('crisisPlan', EMPTY_PLAN.crisisPlan, plan.crisis_plan, client.made_by, client.made_at);

    const revise = (field: 'coping_strategies' | 'warning_signs', name: string, entry: string, by: string, at: Date) => {
      const previous = plan[field];
      Object.assign(plan, { [field]: [...previous, entry], version: plan.version + 1, updated_at: at, updated_by_id: by });
      record(name, previous, plan[field], by, at);
    };
    if (client.handoff_to && client.handoff_at) revise('coping_strategies', 'copingStrategies', CHECK_IN, client.handoff_to, client.handoff_at);
    else if (i % 5 === 1) revise('warning_signs', 'warningSigns', LATE_SIGN, client.second_by, client.second_at);
    plans.push(plan);
  }

  await dataSource.transaction(async (em) => {
    await em.query(
      `INSERT INTO recovery_plan (id, client_id, version, triggers, warning_signs, coping_strategies, support_contacts, crisis_plan, created_at, updated_at, updated_by_id)
       SELECT id, client_id, version, triggers, warning_signs, coping_strategies, support_contacts, crisis_plan, created_at, updated_at, updated_by_id
         FROM jsonb_to_recordset($1::jsonb) AS p (id uuid, client_id uuid, version int, triggers text[], warning_signs text[], coping_strategies text[],
                                                  support_contacts jsonb, crisis_plan text, created_at timestamptz, updated_at timestamptz, updated_by_id uuid)`,
      [JSON.stringify(plans)],
    );
    await em.query(
      `INSERT INTO recovery_plan_change (plan_id, version, field, previous_value, new_value, changed_by_id, at)
       SELECT plan_id, version, field, previous_value, new_value, changed_by_id, at
         FROM jsonb_to_recordset($1::jsonb) AS c (plan_id uuid, version int, field text, previous_value jsonb, new_value jsonb, changed_by_id uuid, at timestamptz)`,
      [JSON.stringify(changes)],
    );
  });
}
