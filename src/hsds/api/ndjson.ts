import type { Request, Response } from 'express';

/**
 * Writes `records` as newline-delimited JSON, one record a line, as they come: it waits while the
 * reader is behind (so a slow reader holds one batch in memory, not the list), and stops reading
 * once the reader has gone. An error before the first line is answered as any other (JSON, no
 * stack); after it, the status is sent, so the error is logged and the connection cut short,
 * which a reader sees as a truncated stream rather than a complete one.
 */
export async function sendNdjson(req: Request, res: Response, records: AsyncGenerator<unknown>): Promise<void> {
  let gone = false;
  res.once('close', () => (gone = true));
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  try {
    for await (const record of records) {
      if (gone) break;
      if (!res.headersSent) res.status(200).type('application/x-ndjson');
      if (!res.write(`${JSON.stringify(record)}\n`)) await writable();
    }
    if (!res.headersSent) res.status(200).type('application/x-ndjson');
    res.end();
  } catch (error) {
    if (!res.headersSent) throw error;
    req.log.error({ err: error }, 'HSDS ndjson stream failed after its first line');
    res.destroy();
  }
}
