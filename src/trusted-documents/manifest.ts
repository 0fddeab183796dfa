import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type ExecutableDefinitionNode } from 'graphql';
import { cutDocument, sha256 } from './canonical';

/** The client apps' documents, one file per app, the same text as the public contract's. Scripts and the server run from the project's root. */
export const OPERATIONS_DIR = path.resolve('schema', 'operations');
/** Written by the build (write-manifest.ts): `{ "<sha256 hex of a document>": "<document>" }`. */
export const MANIFEST_FILE = path.join(OPERATIONS_DIR, 'manifest.json');

export interface Definition {
  /** The operation's or fragment's name. */
  name: string;
  /** The file it is written in, relative to the operations folder. */
  file: string;
  kind: 'operation' | 'fragment';
  /** The definition cut into its own document (canonical.ts). */
  document: string;
  hash: string;
}

/** Every named operation and fragment of the operations folder, each cut into its own document; two definitions of one name are an error. */
export function readDefinitions(dir = OPERATIONS_DIR): Definition[] {
  const definitions = new Map<string, Definition>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort()) {
    const source = parse(readFileSync(path.join(dir, file), 'utf8'), { noLocation: true });
    for (const node of source.definitions) {
      if (node.kind !== Kind.OPERATION_DEFINITION && node.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const name = node.name?.value;
      if (!name) throw new Error(`${file}: every operation needs a name`);
      const taken = definitions.get(name);
      if (taken) throw new Error(`${file}: ${name} is already defined in ${taken.file}`);
      const document = cutDocument(source, node as ExecutableDefinitionNode);
      if (document === undefined) throw new Error(`${file}: ${name} uses a fragment the file does not define`);
      const kind = node.kind === Kind.OPERATION_DEFINITION ? 'operation' : 'fragment';
      definitions.set(name, { name, file, kind, document, hash: sha256(document) });
    }
  }
  return [...definitions.values()];
}

/** The manifest: every operation's document by its hash (fragments travel inside the operations that use them). */
export function buildManifest(dir = OPERATIONS_DIR): Record<string, string> {
  const operations = readDefinitions(dir).filter((d) => d.kind === 'operation');
  return Object.fromEntries(operations.map((d) => [d.hash, d.document]));
}

export function loadManifest(file = MANIFEST_FILE): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: npm run build writes it`);
  }
  return new Map(Object.entries(JSON.parse(text) as Record<string, string>));
}

/** Each folder's documents by name, read and parsed once however many are asked for. */
const documentsByDir = new Map<string, Map<string, string>>();

/** The document of one operation or fragment of the client apps, by name (the benchmark and tests send these). */
export function clientDocument(name: string, dir = OPERATIONS_DIR): string {
  let documents = documentsByDir.get(dir);
  if (!documents) documentsByDir.set(dir, (documents = new Map(readDefinitions(dir).map((d) => [d.name, d.document]))));
  const found = documents.get(name);
  if (found === undefined) throw new Error(`No operation or fragment named ${name} in ${dir}`);
  return found;
}
