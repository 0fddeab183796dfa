import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, MANIFEST_FILE } from './manifest';

/** Run by `npm run build`: writes the trusted-document manifest from schema/operations/*.graphql. */
try {
  const manifest = buildManifest();
  writeFileSync(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), MANIFEST_FILE)} (${Object.keys(manifest).length} documents)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
