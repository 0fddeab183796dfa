import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The public contract, beside the repository in the project's workspace; a checkout on its own has no copy to compare with. */
const CONTRACT = path.resolve('../shared/contract/operations');
const OURS = path.resolve('schema/operations');
const graphqlFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort();

const check = existsSync(CONTRACT) ? test : test.skip;
check(
  existsSync(CONTRACT)
    ? "schema/operations/*.graphql are the contract's files, word for word"
    : `schema/operations against the contract: not checked, ${CONTRACT} is not beside this repository`,
  () => {
    expect(graphqlFiles(OURS)).toEqual(graphqlFiles(CONTRACT));
    for (const file of graphqlFiles(CONTRACT)) {
      expect(readFileSync(path.join(OURS, file), 'utf8')).toBe(readFileSync(path.join(CONTRACT, file), 'utf8'));
    }
  },
);
