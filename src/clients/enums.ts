import { registerEnumType } from 'type-graphql';

export enum ContactPreference {
  PHONE = 'PHONE',
  TEXT = 'TEXT',
  EMAIL = 'EMAIL',
  DO_NOT_CONTACT = 'DO_NOT_CONTACT',
}

export enum ConsentScope {
  SHARE_CONTACT = 'SHARE_CONTACT',
  SHARE_NOTES = 'SHARE_NOTES',
}

export enum ConsentMethod {
  VERBAL = 'VERBAL',
  WRITTEN = 'WRITTEN',
  ELECTRONIC = 'ELECTRONIC',
}

export enum GoalDomain {
  HOUSING = 'HOUSING',
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  TREATMENT = 'TREATMENT',
  RECOVERY = 'RECOVERY',
  HEALTH = 'HEALTH',
  RELATIONSHIPS = 'RELATIONSHIPS',
  LEGAL = 'LEGAL',
  FINANCIAL = 'FINANCIAL',
}

export enum GoalStatus {
  ACTIVE = 'ACTIVE',
  ACHIEVED = 'ACHIEVED',
  ABANDONED = 'ABANDONED',
}

registerEnumType(ContactPreference, {
  name: 'ContactPreference',
  valuesConfig: { DO_NOT_CONTACT: { description: 'Nobody contacts the client directly; agencies see the alias only.' } },
});
registerEnumType(ConsentScope, {
  name: 'ConsentScope',
  valuesConfig: {
    SHARE_CONTACT: { description: "The receiving organization may see the client's name and contact details." },
    SHARE_NOTES: { description: 'The receiving organization may see referral notes.' },
  },
});
registerEnumType(ConsentMethod, { name: 'ConsentMethod' });
registerEnumType(GoalDomain, { name: 'GoalDomain' });
registerEnumType(GoalStatus, { name: 'GoalStatus' });
