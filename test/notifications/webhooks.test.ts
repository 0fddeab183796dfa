import { ConfigError, loadConfig } from '../../src/config';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency } from '../harness/builders';
import { badFields, codes } from '../harness/errors';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { aWebhook, CREATE_WEBHOOK, DELETE_WEBHOOK, WEBHOOKS } from './webhook-receiver';

const ALL_KINDS = ['CREATED', 'STATUS_CHANGED', 'NOTE_ADDED', 'OUTCOME_RECORDED'];
const URL = 'https://hooks.example.org/beacon?token=abc';

let beacon: Beacon;
let w: CaseloadWorld;
beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

async function webhookRows(): Promise<number> {
  // What was stored, whatever the API answered.
  const [row] = await beacon.dataSource.query('SELECT count(*)::int AS n FROM webhook');
  return row.n;
}

describe('keeping webhooks', () => {
  it('agency staff create one for their organization and see its secret only in that answer', async () => {
    const token = await w.agencyStaff.token();
    const data = await beacon.ok(CREATE_WEBHOOK, { input: { url: URL } }, token);
    const { webhook, secret } = data.createWebhook;
    expect(webhook).toMatchObject({ url: URL, kinds: ALL_KINDS, active: true, organization: { id: w.agency.id } });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    expect(bytes).toBeGreaterThanOrEqual(24);
    expect(bytes).toBeLessThanOrEqual(32);

    const listed = (await beacon.ok(WEBHOOKS, {}, token)).webhooks.find((h: { id: string }) => h.id === webhook.id);
    expect(listed).toMatchObject({ id: webhook.id, url: URL, active: true, deliveries: { totalCount: 0, edges: [] } });
    // No field reads the secret back, and no answer holds it again.
    const secretField = await beacon.gql('{ webhooks { id secret } }', {}, token);
    expect(codes(secretField)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(await beacon.ok(WEBHOOKS, {}, token))).not.toContain(secret.slice(6));
    const audit = await beacon.ok(`{ auditEvents(filter: { entityType: "Webhook" }) { edges { node { action entityId } } } }`, {}, w.admin);
    expect(audit.auditEvents.edges.map((e: any) => e.node)).toContainEqual({ action: 'createWebhook', entityId: webhook.id });
  });

  it('each webhook gets its own secret', async () => {
    const token = await w.agencyStaff.token();
    const [a, b] = [await aWebhook(beacon, token, URL), await aWebhook(beacon, token, URL)];
    expect(a.secret).not.toBe(b.secret);
  });

  it('kinds are kept once each, in a fixed order; an empty list is refused', async () => {
    const token = await w.supervisor.token();
    const hook = await aWebhook(beacon, token, URL, { kinds: ['NOTE_ADDED', 'CREATED', 'NOTE_ADDED'] });
    expect(hook.kinds).toEqual(['CREATED', 'NOTE_ADDED']);
    const before = await webhookRows();
    const empty = await beacon.gql(CREATE_WEBHOOK, { input: { url: URL, kinds: [] } }, token);
    expect(badFields(empty)).toEqual(['input.kinds']);
    expect(await webhookRows()).toBe(before);
  });

  it('supervisors keep their own organization\'s webhooks, and list only those', async () => {
    const mine = await aWebhook(beacon, await w.supervisor.token(), URL);
    const theirs = await aWebhook(beacon, await w.otherOrgSupervisor.token(), URL);
    const listed = (await beacon.ok(WEBHOOKS, {}, await w.supervisor.token())).webhooks;
    expect(listed.map((h: any) => h.organization.id)).toEqual(listed.map(() => w.peer.id));
    expect(listed.map((h: any) => h.id)).toContain(mine.id);
    expect(listed.map((h: any) => h.id)).not.toContain(theirs.id);
    // Naming their own organization is the same list; another's is answered as if it had none.
    expect((await beacon.ok(WEBHOOKS, { organizationId: w.peer.id }, await w.supervisor.token())).webhooks).toEqual(listed);
    expect((await beacon.ok(WEBHOOKS, { organizationId: w.otherPeer.id }, await w.supervisor.token())).webhooks).toEqual([]);
  });

  it('deleting makes it inactive and keeps it listed; deleting again changes nothing', async () => {
    const token = await w.agencyStaff.token();
    const hook = await aWebhook(beacon, token, URL);
    expect((await beacon.ok(DELETE_WEBHOOK, { id: hook.id }, token)).deleteWebhook.webhook).toEqual({ id: hook.id, active: false });
    expect((await beacon.ok(DELETE_WEBHOOK, { id: hook.id.toUpperCase() }, token)).deleteWebhook.webhook).toEqual({ id: hook.id, active: false });
    const listed = (await beacon.ok(WEBHOOKS, {}, token)).webhooks.find((h: { id: string }) => h.id === hook.id);
    expect(listed.active).toBe(false);
  });

  it('admins create one for any organization they name, and list one organization\'s or all', async () => {
    const forAgency = await aWebhook(beacon, w.admin, URL, { organizationId: w.agency.id });
    const forPeer = await aWebhook(beacon, w.admin, URL, { organizationId: w.peer.id });
    const all = (await beacon.ok(WEBHOOKS, {}, w.admin)).webhooks.map((h: any) => h.id);
    expect(all).toEqual(expect.arrayContaining([forAgency.id, forPeer.id]));
    const agencyOnly = (await beacon.ok(WEBHOOKS, { organizationId: w.agency.id }, w.admin)).webhooks;
    expect(agencyOnly.map((h: any) => h.id)).toContain(forAgency.id);
    expect(agencyOnly.every((h: any) => h.organization.id === w.agency.id)).toBe(true);
    expect((await beacon.ok(DELETE_WEBHOOK, { id: forPeer.id }, w.admin)).deleteWebhook.webhook.active).toBe(false);
  });

  it('an admin must name a known organization', async () => {
    const before = await webhookRows();
    expect(badFields(await beacon.gql(CREATE_WEBHOOK, { input: { url: URL } }, w.admin))).toEqual(['input.organizationId']);
    const unknown = await beacon.gql(CREATE_WEBHOOK, { input: { url: URL, organizationId: '00000000-0000-4000-8000-000000000000' } }, w.admin);
    expect(badFields(unknown)).toEqual(['input.organizationId']);
    expect(await webhookRows()).toBe(before);
  });
});

describe('how many', () => {
  it('an organization has at most WEBHOOKS_PER_ORGANIZATION active webhooks: the next is BAD_USER_INPUT naming the limit, and nothing is written', async () => {
    const organizationId = (await anAgency(beacon, w.admin)).id;
    const limit = beacon.config.webhooksPerOrganization;
    expect(limit).toBe(10);
    const made = [];
    for (let i = 0; i < limit; i++) made.push(await aWebhook(beacon, w.admin, URL, { organizationId }));
    const before = await webhookRows();
    const refused = await beacon.gql(CREATE_WEBHOOK, { input: { url: URL, organizationId } }, w.admin);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].message).toMatch(/WEBHOOKS_PER_ORGANIZATION.*\b10\b/);
    expect(await webhookRows()).toBe(before);
    const [{ n }] = await beacon.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'createWebhook' AND details->>'organizationId' = $1`, [organizationId]);
    expect(n).toBe(limit);

    // A deleted webhook frees its place.
    await beacon.ok(DELETE_WEBHOOK, { id: made[0].id }, w.admin);
    await aWebhook(beacon, w.admin, URL, { organizationId });
    expect(codes(await beacon.gql(CREATE_WEBHOOK, { input: { url: URL, organizationId } }, w.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('creations racing for the last place: exactly one gets it', async () => {
    const organizationId = (await anAgency(beacon, w.admin)).id;
    const limit = beacon.config.webhooksPerOrganization;
    for (let i = 0; i < limit - 1; i++) await aWebhook(beacon, w.admin, URL, { organizationId });
    const answers = await Promise.all(Array.from({ length: 4 }, () => beacon.gql(CREATE_WEBHOOK, { input: { url: URL, organizationId } }, w.admin)));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.flatMap(codes)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const [{ n }] = await beacon.dataSource.query('SELECT count(*)::int AS n FROM webhook WHERE organization_id = $1 AND active', [organizationId]);
    expect(n).toBe(limit);
  });
});

describe('who may keep webhooks', () => {
  it.each([
    ['a coach', 'coach'],
    ['a funder', 'funder'],
  ] as const)('%s may not create, list or delete any: FORBIDDEN', async (_who, seat) => {
    const token = await w[seat].token();
    const hook = await aWebhook(beacon, w.admin, URL, { organizationId: w.agency.id });
    const before = await webhookRows();
    expect(codes(await beacon.gql(CREATE_WEBHOOK, { input: { url: URL } }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(WEBHOOKS, {}, token))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(DELETE_WEBHOOK, { id: hook.id }, token))).toEqual(['FORBIDDEN']);
    expect(await webhookRows()).toBe(before);
  });

  it('an anonymous caller is UNAUTHENTICATED', async () => {
    const hook = await aWebhook(beacon, w.admin, URL, { organizationId: w.agency.id });
    expect(codes(await beacon.gql(CREATE_WEBHOOK, { input: { url: URL } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await beacon.gql(WEBHOOKS, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await beacon.gql(DELETE_WEBHOOK, { id: hook.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it("another organization's webhook is NOT_FOUND to delete, and stays active", async () => {
    const theirs = await aWebhook(beacon, await w.otherOrgSupervisor.token(), URL);
    expect(codes(await beacon.gql(DELETE_WEBHOOK, { id: theirs.id }, await w.supervisor.token()))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(DELETE_WEBHOOK, { id: theirs.id }, await w.agencyStaff.token()))).toEqual(['NOT_FOUND']);
    const listed = (await beacon.ok(WEBHOOKS, {}, await w.otherOrgSupervisor.token())).webhooks.find((h: any) => h.id === theirs.id);
    expect(listed.active).toBe(true);
  });

  it("naming another organization when creating is NOT_FOUND (it is outside the caller's reach) and creates nothing", async () => {
    const before = await webhookRows();
    const response = await beacon.gql(CREATE_WEBHOOK, { input: { url: URL, organizationId: w.otherPeer.id } }, await w.supervisor.token());
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(await webhookRows()).toBe(before);
  });
});

describe('webhook URLs', () => {
  it.each([
    ['not a URL', 'hooks.example.org/beacon'],
    ['http', 'http://hooks.example.org/beacon'],
    ['another scheme', 'ftp://hooks.example.org/beacon'],
    ['too long', `https://hooks.example.org/${'a'.repeat(2000)}`],
    ['with a password', 'https://user:secret@hooks.example.org/beacon'],
    ['loopback', 'https://127.0.0.1/beacon'],
    ['loopback IPv6', 'https://[::1]/beacon'],
    ['private', 'https://10.1.2.3/beacon'],
    ['private 192.168', 'https://192.168.0.10/beacon'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest'],
    ['unspecified', 'https://0.0.0.0/beacon'],
    ['IPv4 written as IPv6', 'https://[::ffff:10.0.0.1]/beacon'],
    ['unique-local IPv6', 'https://[fd00::1]/beacon'],
    ['IPv4-compatible IPv6 (127.0.0.1)', 'https://[::7f00:1]/beacon'],
    ['IPv4-compatible IPv6 (10.0.0.1)', 'https://[::a00:1]/beacon'],
    ['a public IPv4 address written as IPv6', 'https://[::ffff:93.184.215.14]/beacon'],
    ['NAT64', 'https://[64:ff9b::a00:1]/beacon'],
    ['6to4', 'https://[2002:a00:1::1]/beacon'],
    ['outside global unicast', 'https://[4000::1]/beacon'],
  ])('%s is BAD_USER_INPUT naming input.url, and nothing is created', async (_what, url) => {
    const before = await webhookRows();
    const response = await beacon.gql(CREATE_WEBHOOK, { input: { url } }, await w.agencyStaff.token());
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.url']);
    expect(await webhookRows()).toBe(before);
  });

  it('a bad URL and bad kinds are named together', async () => {
    const response = await beacon.gql(CREATE_WEBHOOK, { input: { url: 'http://10.0.0.1/', kinds: [] } }, await w.agencyStaff.token());
    expect(badFields(response)).toEqual(['input.kinds', 'input.url']);
  });

  it('a public address or a name is accepted (names are checked again at each delivery)', async () => {
    const token = await w.agencyStaff.token();
    expect((await aWebhook(beacon, token, 'https://93.184.215.14/hook')).active).toBe(true);
    expect((await aWebhook(beacon, token, 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook')).active).toBe(true);
  });
});

describe('with WEBHOOK_ALLOW_INSECURE=true (development, tests)', () => {
  let insecure: Beacon;
  let agencyId: string;
  beforeAll(async () => {
    insecure = await startBeacon({ WEBHOOK_ALLOW_INSECURE: 'true' });
    agencyId = (await anAgency(insecure, await insecure.adminToken())).id;
  });
  afterAll(() => insecure.stop());

  it.each(['http://127.0.0.1:8080/hook', 'http://10.0.0.5/hook', 'https://169.254.1.1/hook', 'http://[::1]:9000/hook', 'http://localhost:3000/hook'])('%s is accepted', async (url) => {
    expect((await aWebhook(insecure, await insecure.adminToken(), url, { organizationId: agencyId })).url).toBe(url);
  });

  it('other schemes are still refused', async () => {
    const response = await insecure.gql(CREATE_WEBHOOK, { input: { url: 'ftp://127.0.0.1/hook', organizationId: agencyId } }, await insecure.adminToken());
    expect(badFields(response)).toEqual(['input.url']);
  });
});

describe('WEBHOOK_RETRY_DELAYS', () => {
  it.each(['soon', '5,,30', '-5', '1.5', '5,700000', Array(21).fill('1').join(',')])('"%s" stops the start, naming the variable', (value) => {
    const env = { JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', WEBHOOK_RETRY_DELAYS: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/\bWEBHOOK_RETRY_DELAYS\b/);
  });

  it('defaults to the schedule DESIGN.md gives, and takes a short one', () => {
    const env = { JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing' };
    expect(loadConfig(env).webhookRetryDelays).toEqual([5, 30, 120, 600, 3600, 21600, 86400]);
    expect(loadConfig({ ...env, WEBHOOK_RETRY_DELAYS: ' 1, 1 ' }).webhookRetryDelays).toEqual([1, 1]);
  });

  it('WEBHOOK_ALLOW_INSECURE must be true or false, and is off unless set', () => {
    const env = { JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing' };
    expect(() => loadConfig({ ...env, WEBHOOK_ALLOW_INSECURE: 'maybe' })).toThrow(/\bWEBHOOK_ALLOW_INSECURE\b/);
    expect(loadConfig(env).webhookAllowInsecure).toBe(false);
  });
});
