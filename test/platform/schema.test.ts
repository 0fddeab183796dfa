import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, printSortedSchema, SCHEMA_FILE } from '../../src/schema';

const CONTRACT_CHECK = path.resolve('..', 'shared', 'tools', 'contract-check.mjs');

describe('schema/schema.graphql', () => {
  it('is what the code builds (run npm run build and commit it when this fails)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSortedSchema(await buildSchema()));
  });

  it('names the scalars DateTime and Date as the contract does', () => {
    const sdl = readFileSync(SCHEMA_FILE, 'utf8');
    expect(sdl).toMatch(/^scalar DateTime$/m);
    expect(sdl).toMatch(/^scalar Date$/m);
  });
});

// The contract lives beside the project, in ../shared, which CI has and a user's clone does not.
const contractTest = existsSync(CONTRACT_CHECK) ? it : it.skip;
if (!existsSync(CONTRACT_CHECK)) {
  console.warn(`Skipping the public contract check: ${CONTRACT_CHECK} is not here (CI runs it).`);
}

describe('the public contract', () => {
  contractTest('is kept: no breaking change, every client operation valid', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, [CONTRACT_CHECK, SCHEMA_FILE]).catch((error) => error);
    expect(result.stdout).toMatch(/^0 breaking changes, 0 operation errors/m);
  });
});

describe('the query cost budget', () => {
  contractTest('lets every client operation run with first: 100', async () => {
    const { parse, visit, Kind } = await import('graphql');
    const { readdirSync } = await import('node:fs');
    const { loadConfig } = await import('../../src/config');
    const { operationCost } = await import('../../src/common/query-limits');
    const schema = await buildSchema();
    const budget = loadConfig({ JWT_SECRET: 'x'.repeat(32) }).queryMaxCost;
    const dir = path.resolve('..', 'shared', 'contract', 'operations');
    const costs: Record<string, number> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      // Only `first` matters to the cost: other variables are made optional so they may be left out.
      const document = visit(parse(readFileSync(path.join(dir, file), 'utf8')), {
        VariableDefinition: (node) => (node.type.kind === Kind.NON_NULL_TYPE ? { ...node, type: node.type.type } : node),
      });
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
        costs[definition.name.value] = operationCost(schema, document, { first: 100 }, definition.name.value);
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThan(30);
    for (const [name, cost] of Object.entries(costs)) expect({ name, withinBudget: cost <= budget }).toEqual({ name, withinBudget: true });
  });
});
