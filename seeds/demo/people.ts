import type { DataSource } from 'typeorm';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/common/log';
import { Context } from '../../src/context';
import { hashPassword } from '../../src/auth/passwords';
import { RateLimits } from '../../src/auth/rate-limits';
import { CoachKind, OrganizationKind, Role } from '../../src/people/enums';
import { createGrant } from '../../src/people/grants.service';
import { createOrganization } from '../../src/people/organizations.service';
import { User } from '../../src/people/user.entity';
import { addCertification, createUser } from '../../src/people/users.service';

export const DEMO_PASSWORD = 'beacon-demo-2026';

/** The demo county's organizations and one sign-in per role, created through the services as the demo admin. */
export async function seedPeople(dataSource: DataSource, config: Config, log: Logger) {
  const admin = await dataSource.manager.save(
    dataSource.manager.create(User, {
      email: 'admin@beacon.test',
      name: 'Avery Admin',
      role: Role.ADMIN,
      organizationId: null,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      active: true,
    }),
  );
  // The seed signs no one in: counters in this process are enough, and there is no client address.
  const limits = RateLimits.inProcess(config);
  const as = (viewer: User) => new Context(dataSource, dataSource.manager, viewer, config, limits, { id: 'seed', correlationId: null, address: 'seed', log });
  const ctx = as(admin);

  const org = (name: string, kinds: OrganizationKind[], description: string, phone: string, website: string) =>
    createOrganization(ctx, { name, kinds, description, phone, website, email: `info@${new URL(website).hostname}` });
  const peers = await org('Harbor Peer Recovery Network', [OrganizationKind.PEER_SUPPORT], 'Peer support workers and recovery coaches serving Harbor County.', '(555) 201-4400', 'https://harborpeers.example.org');
  const tidewater = await org('Tidewater Treatment Center', [OrganizationKind.PROVIDER], 'Withdrawal management, residential and outpatient treatment, and medication for opioid use disorder.', '(555) 201-7100', 'https://tidewatertreatment.example.org');
  const lighthouse = await org('Lighthouse Housing Collaborative', [OrganizationKind.PROVIDER], 'Recovery residences, transitional and permanent supportive housing, rental assistance.', '(555) 201-3300', 'https://lighthousehousing.example.org');
  const openDoor = await org('Open Door Employment Services', [OrganizationKind.PROVIDER], 'Supported employment (IPS), job training and placement for people in recovery.', '(555) 201-5500', 'https://opendoorjobs.example.org');
  const safeHarbor = await org('Safe Harbor Family Shelter', [OrganizationKind.PROVIDER], 'Confidential emergency shelter for survivors of domestic violence and their children.', '(555) 201-9900', 'https://safeharborshelter.example.org');
  const clinic = await org('Bayside Community Health', [OrganizationKind.PROVIDER], 'Primary care, mental-health counseling and crisis services on a sliding scale.', '(555) 201-6200', 'https://baysidehealth.example.org');
  const fund = await org('Harbor County Recovery Fund', [OrganizationKind.FUNDER], 'Funds peer recovery support and recovery housing in Harbor County.', '(555) 201-1000', 'https://harborfund.example.org');

  const user = (email: string, name: string, role: Role, organizationId: string, extra: Partial<{ coachKind: CoachKind; supervisorId: string }> = {}) =>
    createUser(ctx, { email, name, role, organizationId, password: DEMO_PASSWORD, ...extra });
  const supervisor = await user('supervisor@beacon.test', 'Sam Rivera', Role.SUPERVISOR, peers.id, { coachKind: CoachKind.RECOVERY_COACH });
  const coach = await user('coach@beacon.test', 'Jordan Lee', Role.COACH, peers.id, { coachKind: CoachKind.PEER_SUPPORT_WORKER, supervisorId: supervisor.id });
  const coach2 = await user('coach2@beacon.test', 'Casey Morgan', Role.COACH, peers.id, { coachKind: CoachKind.RECOVERY_COACH, supervisorId: supervisor.id });
  const agency = await user('agency@beacon.test', 'Priya Shah', Role.AGENCY_STAFF, tidewater.id);
  const housing = await user('housing@beacon.test', 'Marcus Green', Role.AGENCY_STAFF, lighthouse.id);
  const funder = await user('funder@beacon.test', 'Dana Whitfield', Role.FUNDER, fund.id);

  await addCertification(ctx, { userId: coach.id, name: 'Certified Peer Recovery Specialist', issuer: 'State Certification Board', number: 'CPRS-20417', issuedOn: '2024-03-01', expiresOn: '2027-02-28' });
  await addCertification(ctx, { userId: coach2.id, name: 'Certified Recovery Coach', issuer: 'State Certification Board', number: 'CRC-11873', issuedOn: '2022-05-15', expiresOn: '2024-05-14' });
  await addCertification(ctx, { userId: supervisor.id, name: 'Certified Peer Supervisor', issuer: 'State Certification Board', issuedOn: '2021-09-01' });

  for (const grantee of [peers, tidewater, lighthouse]) {
    await createGrant(ctx, { funderId: fund.id, granteeId: grantee.id, name: `${grantee.name} recovery support 2025-2027`, startsOn: '2025-01-01', endsOn: '2027-12-31' });
  }

  return {
    as,
    organizations: { peers, tidewater, lighthouse, openDoor, safeHarbor, clinic, fund },
    users: { admin, supervisor, coach, coach2, agency, housing, funder },
  };
}

export type DemoPeople = Awaited<ReturnType<typeof seedPeople>>;
