import type { Context } from '../../src/context';
import { dayIn } from '../../src/common/time';
import { createClient } from '../../src/clients/clients.service';
import { recordConsent, revokeConsent } from '../../src/clients/consents.service';
import { ConsentMethod, ConsentScope, ContactPreference, GoalDomain, GoalStatus } from '../../src/clients/enums';
import { createGoal, updateGoal } from '../../src/clients/goals.service';
import type { User } from '../../src/people/user.entity';
import { NoteKind, OutcomeType, ReferralStatus as S, Urgency } from '../../src/referrals/enums';
import { followUpDue } from '../../src/referrals/follow-up';
import { addReferralNote, createReferral, recordOutcome, transitionReferral } from '../../src/referrals/referrals.service';
import type { Referral } from '../../src/referrals/referral.entity';
import type { DemoDirectory } from './directory';
import type { DemoPeople } from './people';

const DAY = 24 * 3600_000;

/** The demo caseload: who the clients are (the first 24 work with the first coach, the rest with the second). */
const CLIENTS: { alias: string; first?: string; last?: string; born?: number; phone?: string; languages?: string[]; prefers?: ContactPreference }[] = [
  { alias: 'Marcus T.', first: 'Marcus', last: 'Thompson', born: 1984, phone: '(555) 310-1101' },
  { alias: 'Ana R.', first: 'Ana', last: 'Rodriguez', born: 1991, phone: '(555) 310-1102', languages: ['es', 'en'], prefers: ContactPreference.TEXT },
  { alias: 'Big Mike', first: 'Michael', last: 'Owens', born: 1972 },
  { alias: 'Dee', prefers: ContactPreference.DO_NOT_CONTACT },
  { alias: 'Tasha W.', first: 'Natasha', last: 'Williams', born: 1988, phone: '(555) 310-1105' },
  { alias: 'J.P.', first: 'Jean-Pierre', last: 'Baptiste', born: 1979, languages: ['ht', 'fr', 'en'] },
  { alias: 'Rosie', first: 'Rosa', last: 'Delgado', born: 1966, languages: ['es'], prefers: ContactPreference.PHONE, phone: '(555) 310-1107' },
  { alias: 'Kev', first: 'Kevin', last: 'Murphy', born: 1995, phone: '(555) 310-1108', prefers: ContactPreference.TEXT },
  { alias: 'Sam B.', born: 1990 },
  { alias: 'Lena K.', first: 'Lena', last: 'Kowalski', born: 1983, phone: '(555) 310-1110' },
  { alias: 'Danny G.', first: 'Daniel', last: 'Garcia', born: 2001, languages: ['es', 'en'] },
  { alias: 'Ms. Pat', first: 'Patricia', last: 'Johnson', born: 1958, phone: '(555) 310-1112' },
  { alias: 'Tre', first: 'Trevon', last: 'Harris', born: 1999, prefers: ContactPreference.TEXT, phone: '(555) 310-1113' },
  { alias: 'Nicole S.', first: 'Nicole', last: 'Sullivan', born: 1986, phone: '(555) 310-1114' },
  { alias: 'Ray', first: 'Raymond', last: 'Lee', born: 1969 },
  { alias: 'Yolanda M.', first: 'Yolanda', last: 'Martinez', born: 1975, languages: ['es', 'en'], phone: '(555) 310-1116' },
  { alias: 'Chris P.', born: 1993, prefers: ContactPreference.DO_NOT_CONTACT },
  { alias: 'Amira H.', first: 'Amira', last: 'Hassan', born: 1997, languages: ['ar', 'en'], phone: '(555) 310-1118' },
  { alias: 'Bobby', first: 'Robert', last: 'King', born: 1963, phone: '(555) 310-1119' },
  { alias: 'Jess C.', first: 'Jessica', last: 'Carter', born: 1990, prefers: ContactPreference.TEXT, phone: '(555) 310-1120' },
  { alias: 'Luis F.', first: 'Luis', last: 'Fernandez', born: 1981, languages: ['es'] },
  { alias: 'Kim N.', first: 'Kim', last: 'Nguyen', born: 1987, languages: ['vi', 'en'], phone: '(555) 310-1122' },
  { alias: 'Eddie', first: 'Edward', last: 'Brooks', born: 1977 },
  { alias: 'Shay', born: 2002, prefers: ContactPreference.TEXT, phone: '(555) 310-1124' },
  { alias: 'Grace O.', first: 'Grace', last: 'Okafor', born: 1985, phone: '(555) 310-1125' },
  { alias: 'Tony V.', first: 'Anthony', last: 'Vitale', born: 1970, phone: '(555) 310-1126' },
  { alias: 'Maya', first: 'Maya', last: 'Patel', born: 1998, prefers: ContactPreference.EMAIL },
  { alias: 'Will D.', first: 'William', last: 'Davis', born: 1960 },
  { alias: 'Carmen', first: 'Carmen', last: 'Ortiz', born: 1989, languages: ['es', 'en'], phone: '(555) 310-1129' },
  { alias: 'DJ', first: 'Darnell', last: 'Jackson', born: 1994, prefers: ContactPreference.TEXT, phone: '(555) 310-1130' },
  { alias: 'Heather L.', first: 'Heather', last: 'Lynch', born: 1982 },
  { alias: 'Omar', first: 'Omar', last: 'Farouk', born: 1990, languages: ['ar', 'en'] },
  { alias: 'Becky', first: 'Rebecca', last: 'Stone', born: 1976, phone: '(555) 310-1133' },
  { alias: 'Junior', prefers: ContactPreference.DO_NOT_CONTACT },
  { alias: 'Lisa M.', first: 'Lisa', last: 'Moreau', born: 1968, phone: '(555) 310-1135' },
  { alias: 'Andre', first: 'Andre', last: 'Wallace', born: 1992, phone: '(555) 310-1136' },
  { alias: 'Sofia G.', first: 'Sofia', last: 'Gomez', born: 2000, languages: ['es', 'en'], prefers: ContactPreference.TEXT, phone: '(555) 310-1137' },
  { alias: 'Frank', first: 'Francis', last: 'Doyle', born: 1955 },
  { alias: 'Nia', first: 'Nia', last: 'Robinson', born: 1996, phone: '(555) 310-1139' },
  { alias: 'Hank R.', first: 'Henry', last: 'Reyes', born: 1974, phone: '(555) 310-1140' },
];

type Step = [to: S, reason?: string] | ['outcome', OutcomeType];

/** How referrals in the demo go: every status, outcomes of each kind. */
const STORIES: { steps: Step[]; urgency?: Urgency; open?: boolean; draft?: boolean }[] = [
  { steps: [[S.ACCEPTED], [S.IN_PROGRESS], ['outcome', OutcomeType.HOUSED]] },
  { steps: [[S.ACCEPTED], ['outcome', OutcomeType.ENTERED_TREATMENT]] },
  { steps: [[S.ACCEPTED], [S.IN_PROGRESS], ['outcome', OutcomeType.EMPLOYED]] },
  { steps: [[S.ACCEPTED], [S.IN_PROGRESS], ['outcome', OutcomeType.SERVICE_RECEIVED]] },
  { steps: [[S.ACCEPTED], [S.ON_HOLD, 'Waiting for a bed to open'], [S.IN_PROGRESS], ['outcome', OutcomeType.COMPLETED_TREATMENT]] },
  { steps: [['outcome', OutcomeType.NOT_ELIGIBLE]] },
  { steps: [[S.REJECTED, 'Program is full until next quarter']] },
  { steps: [[S.ACCEPTED], [S.IN_PROGRESS], ['outcome', OutcomeType.LOST_CONTACT]] },
  { steps: [['outcome', OutcomeType.CLIENT_DECLINED]] },
  { steps: [[S.CANCELLED, 'Client moved in with family out of county']] },
  { steps: [[S.ACCEPTED], [S.FAILED, 'Client stopped attending after two weeks']] },
  { steps: [[S.ENTERED_IN_ERROR, 'Made for the wrong client']] },
  { steps: [[S.ACCEPTED], ['outcome', OutcomeType.ENROLLED_IN_EDUCATION]] },
  { steps: [['outcome', OutcomeType.NO_CAPACITY]] },
  { steps: [], draft: true, open: true },
  { steps: [], open: true, urgency: Urgency.URGENT },
  { steps: [], open: true },
  { steps: [[S.ACCEPTED]], open: true },
  { steps: [[S.ACCEPTED], [S.IN_PROGRESS]], open: true },
  { steps: [[S.ACCEPTED], [S.ON_HOLD, 'Client is in the hospital this week']], open: true },
];

const GOALS: [GoalDomain, string][] = [
  [GoalDomain.HOUSING, 'Move into a place of my own'],
  [GoalDomain.TREATMENT, 'Stay connected to outpatient treatment'],
  [GoalDomain.EMPLOYMENT, 'Find steady part-time work'],
  [GoalDomain.RECOVERY, 'Go to a recovery meeting every week'],
  [GoalDomain.HEALTH, 'Get a primary care doctor'],
  [GoalDomain.EDUCATION, 'Finish my GED'],
  [GoalDomain.FINANCIAL, 'Get my benefits back'],
  [GoalDomain.LEGAL, 'Clear my record'],
];

/** Which service a referral about each goal domain goes to. */
const SERVICE_FOR: Record<GoalDomain, string[]> = {
  [GoalDomain.HOUSING]: ['recoveryResidence', 'transitional', 'rentalAssistance', 'permanentSupportive'],
  [GoalDomain.TREATMENT]: ['outpatient', 'intensiveOutpatient', 'moud', 'detox'],
  [GoalDomain.EMPLOYMENT]: ['ipsEmployment', 'jobTraining', 'jobPlacement'],
  [GoalDomain.RECOVERY]: ['recoveryCenter', 'recoveryCoaching'],
  [GoalDomain.HEALTH]: ['primaryCare', 'counseling', 'insuranceEnrollment'],
  [GoalDomain.EDUCATION]: ['jobTraining', 'resumeHelp'],
  [GoalDomain.FINANCIAL]: ['insuranceEnrollment', 'rentalAssistance'],
  [GoalDomain.LEGAL]: ['counseling', 'recoveryCoaching'],
  [GoalDomain.RELATIONSHIPS]: ['familySupport'],
};

/**
 * The demo peer-support organization's caseload: about 40 clients with goals, consents and
 * referrals in every status, made through the services as the coaches and agency staff
 * would, then moved back in time so they spread over the past 18 months (some overdue).
 */
export async function seedCaseload(people: DemoPeople, directory: DemoDirectory) {
  const { organizations: o, users: u, as } = people;
  const zone = as(u.admin).config.defaultTimeZone;
  const staffOf = new Map<string, User>([[o.tidewater.id, u.agency], [o.lighthouse.id, u.housing]]);
  const referrals: Referral[] = [];

  for (const [i, person] of CLIENTS.entries()) {
    const coach = i < 24 ? u.coach : u.coach2;
    const ctx = as(coach);
    const client = await createClient(ctx, {
      alias: person.alias,
      firstName: person.first,
      lastName: person.last,
      birthYear: person.born,
      phone: person.phone,
      languages: person.languages ?? ['en'],
      contactPreference: person.prefers ?? ContactPreference.PHONE,
    });

    const goals = [GOALS[i % GOALS.length], GOALS[(i * 3 + 1) % GOALS.length]].slice(0, 1 + (i % 2));
    const made = [];
    for (const [domain, description] of goals) {
      made.push({ domain, goal: await createGoal(ctx, { clientId: client.id, domain, description, targetDate: dayIn(zone, new Date(Date.now() + (60 + i * 7) * DAY)) }) });
    }

    // Consent to share with the agencies most of them are referred to; one revoked.
    if (i % 3 !== 2) {
      for (const org of [o.tidewater, o.lighthouse]) {
        await recordConsent(ctx, { clientId: client.id, organizationId: org.id, scope: ConsentScope.SHARE_CONTACT, method: i % 2 ? ConsentMethod.WRITTEN : ConsentMethod.VERBAL, expiresAt: new Date(Date.now() + 365 * DAY) });
      }
      if (i % 4 === 0) await recordConsent(ctx, { clientId: client.id, organizationId: o.tidewater.id, scope: ConsentScope.SHARE_NOTES, method: ConsentMethod.ELECTRONIC });
    }
    if (i === 5) {
      const consent = await recordConsent(ctx, { clientId: client.id, organizationId: o.openDoor.id, scope: ConsentScope.SHARE_CONTACT, method: ConsentMethod.VERBAL });
      await revokeConsent(ctx, consent.id);
    }

    // Two referrals per client, one per goal where there are two.
    for (let k = 0; k < 2; k++) {
      const { domain, goal } = made[k % made.length];
      const choices = SERVICE_FOR[domain];
      const service = directory.services[choices[(i + k) % choices.length]];
      const story = STORIES[(i * 2 + k) % STORIES.length];
      let referral = await createReferral(ctx, {
        clientId: client.id,
        serviceId: service.id,
        goalId: goal.id,
        urgency: story.urgency ?? (i % 7 === 0 ? Urgency.URGENT : Urgency.ROUTINE),
        send: !story.draft,
        note: k === 0 ? `${person.alias} asked for help with this; best reached ${person.prefers === ContactPreference.TEXT ? 'by text' : 'through me'}.` : null,
      });
      const agency = as(staffOf.get(service.organizationId) ?? coach);
      for (const step of story.steps) {
        if (step[0] === 'outcome') {
          referral = await recordOutcome(ctx, { referralId: referral.id, type: step[1], achievedOn: dayIn(zone), expectedVersion: referral.version, note: null });
        } else {
          const [to, reason] = step;
          // The requester's own steps are the coach's; the rest are the agency's (a coach records them for agencies without staff here).
          const actor = to === S.CANCELLED || to === S.ENTERED_IN_ERROR ? ctx : agency;
          referral = await transitionReferral(actor, { referralId: referral.id, to, reason, expectedVersion: referral.version });
        }
      }
      if ((i + k) % 3 === 0 && story.steps.length > 0) {
        await addReferralNote(ctx, { referralId: referral.id, kind: [NoteKind.CALL, NoteKind.ACCOMPANIED_CLIENT, NoteKind.APPLICATION_HELP][i % 3], body: 'Called the intake line together; they asked for ID and proof of income.' });
      }
      if (referral.status === S.COMPLETED) await updateGoal(ctx, { id: goal.id, status: GoalStatus.ACHIEVED });
      referrals.push(referral);
    }
  }

  await spreadOverTime(as(u.admin), referrals, zone);
  return { referrals: referrals.length };
}

/**
 * Moves each referral's history back in time: closed ones anywhere in the past 18 months,
 * open ones over the past nine days (so some are overdue), a few days between steps, and
 * the follow-up dates recomputed from the moved times.
 */
async function spreadOverTime(ctx: Context, referrals: Referral[], zone: string) {
  const now = Date.now();
  for (const [n, referral] of referrals.entries()) {
    const open = followUpDue(referral.status, referral.urgency, new Date(now), zone) !== null;
    const ageDays = open ? 0.25 + ((n * 3) % 17) / 2 : 20 + ((n * 37) % 520);
    const gapHours = open ? 4 + (n % 3) * 10 : 24 + (n % 6) * 36;
    const events: { id: string; to: S }[] = await ctx.em.query('SELECT id, to_status AS "to" FROM referral_event WHERE referral_id = $1 ORDER BY version', [referral.id]);
    const created = new Date(now - ageDays * DAY);
    const at = (step: number) => new Date(Math.min(created.getTime() + step * gapHours * 3600_000, now - 60_000));
    const last = at(events.length - 1);
    for (const [step, event] of events.entries()) await ctx.em.query('UPDATE referral_event SET at = $2 WHERE id = $1', [event.id, at(step)]);
    const acceptedStep = events.findIndex((e) => e.to === S.ACCEPTED);
    const anchor = referral.status === S.DRAFT ? created : last;
    await ctx.em.query(
      `UPDATE referral SET created_at = $2, updated_at = $3, follow_up_due = $4,
              accepted_at = CASE WHEN accepted_at IS NOT NULL THEN $5::timestamptz END,
              outcome_recorded_at = CASE WHEN outcome_type IS NOT NULL THEN $3::timestamptz END,
              outcome_achieved_on = CASE WHEN outcome_type IS NOT NULL THEN $6::date END
        WHERE id = $1`,
      [referral.id, created, last, followUpDue(referral.status, referral.urgency, anchor, zone), acceptedStep >= 0 ? at(acceptedStep) : null, dayIn(zone, last)],
    );
    await ctx.em.query('UPDATE referral_note SET created_at = $2 WHERE referral_id = $1', [referral.id, new Date(created.getTime() + 60_000)]);
  }
}
