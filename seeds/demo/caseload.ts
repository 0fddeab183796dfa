import type { DemoDirectory } from './directory';
import type { DemoPeople } from './people';

/** The demo peer-support organization's caseload (filled in by the caseload and referral work). */
export async function seedCaseload(_people: DemoPeople, _directory: DemoDirectory) {
  return {};
}
