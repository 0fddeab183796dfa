import { consumeReportQuota, RateLimits } from '../../src/auth/rate-limits';
import { createLogger } from '../../src/common/log';
import { Context } from '../../src/context';
import { User } from '../../src/people/user.entity';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aFunder, aFunderOrganization } from '../people/builders';
import { VIEWER } from './requests';

/**
 * consumeReportQuota, the funders' hourly outcome-report quota, called as the report service
 * will call it (the report's own files wire it in, and test it through the API there).
 */
let beacon: Beacon;
let limits: RateLimits;

beforeAll(async () => {
  beacon = await startBeacon();
  limits = RateLimits.inProcess({ ...beacon.config, funderReportsPerHour: 3 });
});
afterAll(() => beacon.stop());

async function contextOf(token: string): Promise<Context> {
  const { viewer } = await beacon.ok(VIEWER, {}, token);
  const user = await beacon.dataSource.manager.findOneByOrFail(User, { id: viewer.id });
  return new Context(beacon.dataSource, beacon.dataSource.manager, user, beacon.config, limits, { id: 'test', correlationId: null, address: '203.0.113.1', log: createLogger('silent') });
}

it('a funder gets FUNDER_REPORTS_PER_HOUR reports an hour, then RATE_LIMITED for the rest of the hour; another funder is unaffected', async () => {
  const admin = await beacon.adminToken();
  const fund = await aFunderOrganization(beacon, admin);
  const [funder, otherFunder] = await Promise.all([aFunder(beacon, admin, fund.id), aFunder(beacon, admin, fund.id)]);
  const ctx = await contextOf(await funder.token());
  for (let i = 0; i < 3; i++) await consumeReportQuota(ctx);
  const refused = await consumeReportQuota(ctx).then(() => null, (error) => error);
  expect(refused?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  expect(refused.extensions.retryAfterSeconds).toBeGreaterThan(3600 - 60);
  expect(refused.extensions.retryAfterSeconds).toBeLessThanOrEqual(3600);
  await expect(consumeReportQuota(await contextOf(await otherFunder.token()))).resolves.toBeUndefined();
});

it('admins are not counted', async () => {
  const ctx = await contextOf(await beacon.adminToken());
  for (let i = 0; i < 10; i++) await expect(consumeReportQuota(ctx)).resolves.toBeUndefined();
});
