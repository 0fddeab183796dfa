import { RUN_VAR, SERVER_URL_VAR, TEMPLATE_VAR, onServer } from './databases';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { beaconEmbedded?: { stop(): Promise<void> } }).beaconEmbedded;
  if (embedded) {
    await embedded.stop();
    return;
  }
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (!serverUrl || !template) return;
  await onServer(serverUrl, async (client) => {
    // Test files drop their own databases; this sweeps the template and any a crashed worker left behind.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`,
      [template, `beacon_test_${process.env[RUN_VAR]}_`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}
