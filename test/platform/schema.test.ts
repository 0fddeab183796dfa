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
    const { parse, typeFromAST, isNonNullType, isListType, isEnumType, isInputObjectType, Kind } = await import('graphql');
    type InputType = import('graphql').GraphQLInputType;
    const { readdirSync } = await import('node:fs');
    const { loadConfig } = await import('../../src/config');
    const { operationCost } = await import('../../src/common/query-limits');
    const schema = await buildSchema();
    const budget = loadConfig({ JWT_SECRET: 'x'.repeat(32) }).queryMaxCost;

    // A smallest valid value for a variable: only `first` matters to the cost, the rest just has to be there.
    const SAMPLES: Record<string, unknown> = { ID: '00000000-0000-4000-8000-000000000000', String: 'x', Int: 1, Float: 1, Boolean: true, DateTime: '2026-01-01T00:00:00Z', Date: '2026-01-01' };
    const sample = (type: InputType): unknown => {
      if (isNonNullType(type)) return sample(type.ofType);
      if (isListType(type)) return [];
      if (isEnumType(type)) return type.getValues()[0].value;
      if (isInputObjectType(type)) {
        return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
      }
      return SAMPLES[type.name];
    };

    const dir = path.resolve('..', 'shared', 'contract', 'operations');
    const costs: Record<string, number> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      const document = parse(readFileSync(path.join(dir, file), 'utf8'));
      for (const operation of document.definitions) {
        if (operation.kind !== Kind.OPERATION_DEFINITION || !operation.name) continue;
        const variables = Object.fromEntries(
          (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.variable.name.value === 'first' ? 100 : sample(typeFromAST(schema, v.type as any) as InputType)]),
        );
        costs[operation.name.value] = operationCost(schema, document, variables, operation.name.value);
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThan(30);
    for (const [name, cost] of Object.entries(costs)) expect({ name, cost, withinBudget: cost <= budget }).toEqual({ name, cost, withinBudget: true });
  });
});
