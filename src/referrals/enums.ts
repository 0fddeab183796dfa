import { registerEnumType } from 'type-graphql';

/** HL7 FHIR SDOH Clinical Care Task statuses. */
export enum ReferralStatus {
  DRAFT = 'DRAFT',
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  IN_PROGRESS = 'IN_PROGRESS',
  ON_HOLD = 'ON_HOLD',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  ENTERED_IN_ERROR = 'ENTERED_IN_ERROR',
}

export enum Urgency {
  ROUTINE = 'ROUTINE',
  URGENT = 'URGENT',
  EMERGENCY = 'EMERGENCY',
}

export enum OutcomeType {
  HOUSED = 'HOUSED',
  EMPLOYED = 'EMPLOYED',
  ENROLLED_IN_EDUCATION = 'ENROLLED_IN_EDUCATION',
  ENTERED_TREATMENT = 'ENTERED_TREATMENT',
  COMPLETED_TREATMENT = 'COMPLETED_TREATMENT',
  SERVICE_RECEIVED = 'SERVICE_RECEIVED',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  NO_CAPACITY = 'NO_CAPACITY',
  CLIENT_DECLINED = 'CLIENT_DECLINED',
  LOST_CONTACT = 'LOST_CONTACT',
  REFERRED_ELSEWHERE = 'REFERRED_ELSEWHERE',
}

export enum NoteKind {
  NOTE = 'NOTE',
  CALL = 'CALL',
  MEETING = 'MEETING',
  ACCOMPANIED_CLIENT = 'ACCOMPANIED_CLIENT',
  APPLICATION_HELP = 'APPLICATION_HELP',
  ADVOCACY = 'ADVOCACY',
}

export enum ReferralDirection {
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus', description: 'The closed-loop referral lifecycle (HL7 FHIR SDOH Clinical Care Task statuses).' });
registerEnumType(Urgency, { name: 'Urgency' });
registerEnumType(OutcomeType, { name: 'OutcomeType' });
registerEnumType(NoteKind, { name: 'NoteKind' });
registerEnumType(ReferralDirection, {
  name: 'ReferralDirection',
  valuesConfig: {
    SENT: { description: "Made by coaches of the viewer's organization." },
    RECEIVED: { description: "Sent to services of the viewer's organization." },
  },
});

/** Statuses with work still to do: they have a follow-up date and count as open. */
export const OPEN_STATUSES = [
  ReferralStatus.DRAFT,
  ReferralStatus.REQUESTED,
  ReferralStatus.ACCEPTED,
  ReferralStatus.IN_PROGRESS,
  ReferralStatus.ON_HOLD,
];

export const SUCCESSFUL_OUTCOMES = new Set<OutcomeType>([
  OutcomeType.HOUSED,
  OutcomeType.EMPLOYED,
  OutcomeType.ENROLLED_IN_EDUCATION,
  OutcomeType.ENTERED_TREATMENT,
  OutcomeType.COMPLETED_TREATMENT,
  OutcomeType.SERVICE_RECEIVED,
]);
