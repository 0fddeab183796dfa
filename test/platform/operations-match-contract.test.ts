import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The public contract, beside the repository in the project's workspace; a checkout on its own has no copy to compare with. */
const CONTRACT = path.resolve('../shared/contract');
const OURS = path.resolve('schema/operations');
/** The contract's parts that Beacon implements: those .ci/run checks the schema against. */
const PARTS = [...readFileSync('.ci/run', 'utf8').matchAll(/--part (\w+)/g)].map((m) => m[1]);
const graphqlFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort();

/** Every client document of the contract and its implemented parts, by file name. */
function contractFiles(): Map<string, string> {
  const dirs = [path.join(CONTRACT, 'operations'), ...PARTS.map((part) => path.join(CONTRACT, 'parts', part, 'operations'))];
  return new Map(dirs.flatMap((dir) => graphqlFiles(dir).map((file) => [file, path.join(dir, file)] as const)));
}

const check = existsSync(CONTRACT) ? test : test.skip;
check(
  existsSync(CONTRACT)
    ? `schema/operations/*.graphql are the contract's files and its implemented parts' (${PARTS.join(', ')}), word for word`
    : `schema/operations against the contract: not checked, ${CONTRACT} is not beside this repository`,
  () => {
    expect(PARTS).toContain('privacy');
    const theirs = contractFiles();
    expect(graphqlFiles(OURS)).toEqual([...theirs.keys()].sort());
    for (const [file, source] of theirs) {
      expect(readFileSync(path.join(OURS, file), 'utf8')).toBe(readFileSync(source, 'utf8'));
    }
  },
);
