import type { DemoPeople } from './people';

/** The demo county's directory (filled in by the directory work). */
export async function seedDirectory(_people: DemoPeople) {
  return {};
}

export type DemoDirectory = Awaited<ReturnType<typeof seedDirectory>>;
