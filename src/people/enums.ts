import { registerEnumType } from 'type-graphql';

export enum Role {
  ADMIN = 'ADMIN',
  COACH = 'COACH',
  SUPERVISOR = 'SUPERVISOR',
  AGENCY_STAFF = 'AGENCY_STAFF',
  FUNDER = 'FUNDER',
}

export enum CoachKind {
  PEER_SUPPORT_WORKER = 'PEER_SUPPORT_WORKER',
  RECOVERY_COACH = 'RECOVERY_COACH',
}

export enum OrganizationKind {
  PROVIDER = 'PROVIDER',
  PEER_SUPPORT = 'PEER_SUPPORT',
  FUNDER = 'FUNDER',
}

registerEnumType(Role, { name: 'Role' });
registerEnumType(CoachKind, { name: 'CoachKind', description: 'Which kind of lived-experience worker a coach is.' });
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  valuesConfig: {
    PROVIDER: { description: 'Offers services that clients are referred to (HSDS organization).' },
    PEER_SUPPORT: { description: 'Employs peer support workers and recovery coaches.' },
    FUNDER: { description: 'Funds programs and reads their outcome reports.' },
  },
});

/** Roles that work inside a peer-support organization's caseload. */
export const CASELOAD_ROLES = [Role.COACH, Role.SUPERVISOR];
