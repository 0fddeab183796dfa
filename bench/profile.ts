import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The group a function's self-time counts toward, from where its code lives. */
function groupOf({ functionName, url }: ProfileNode['callFrame']): string | null {
  if (functionName === '(idle)') return null;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)' || url === '' || url.startsWith('node:')) return 'node internals';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (!inPackage) return url.includes('/dist/src/') ? "beacon's own" : 'other';
  if (/^(graphql|type-graphql|@apollo\/|@as-integrations\/|graphql-)/.test(inPackage)) return 'graphql/type-graphql/apollo';
  if (inPackage === 'typeorm') return 'typeorm';
  // pg, pg-protocol, pg-pool, pg-types and the postgres-* parsers pg-types uses.
  if (/^(pg($|-)|postgres-)/.test(inPackage)) return 'pg';
  return inPackage;
}

/**
 * Self-time of the busy (not idle) samples of every .cpuprofile in `folder`, by group: the
 * GraphQL stack, TypeORM, pg, node internals, GC, Beacon's own code and any other package,
 * largest first, as shares of the busy time.
 */
export function profileSplit(folder: string): { group: string; ms: number; share: number }[] {
  const totals = new Map<string, number>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as CpuProfile;
    const groups = new Map(profile.nodes.map((node) => [node.id, groupOf(node.callFrame)]));
    profile.samples.forEach((id, i) => {
      const group = groups.get(id);
      if (group) totals.set(group, (totals.get(group) ?? 0) + profile.timeDeltas[i] / 1000);
    });
  }
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()].map(([group, ms]) => ({ group, ms, share: ms / busy })).sort((a, b) => b.ms - a.ms);
}
