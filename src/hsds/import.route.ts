import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import express, { type Request } from 'express';
import { BadInput, Forbidden } from '../common/errors';
import type { RouteMount } from '../common/http';
import { importHsds } from './import';
import { fromJson, openSource, SourceError, type Source } from './import-source';

/** Uploads beyond these are refused: a state's whole directory is a few hundred megabytes of CSV. */
const LIMITS = { fileSize: 1024 * 1024 * 1024, files: 40, json: '200mb' };
const FLAGS = ['skip_invalid', 'prune'] as const;

/** ?skip_invalid=true&prune=true; anything else is a bad parameter, named. */
function readFlags(query: Request['query']): { skipInvalid: boolean; prune: boolean } {
  const problems = Object.keys(query)
    .filter((key) => !(FLAGS as readonly string[]).includes(key))
    .map((field) => ({ field, message: `is not a parameter of /hsds/import (${FLAGS.join(', ')})` }));
  const flag = (name: string) => {
    const value = query[name];
    if (value === undefined) return false;
    if (value === 'true' || value === 'false') return value === 'true';
    problems.push({ field: name, message: 'must be true or false' });
    return false;
  };
  const flags = { skipInvalid: flag('skip_invalid'), prune: flag('prune') };
  if (problems.length) throw new BadInput(problems);
  return flags;
}

/** The uploaded files, kept in a temporary folder: one .zip or .json is read as itself, CSV files as a package. */
async function uploaded(req: Request): Promise<Source> {
  const folder = await mkdtemp(join(tmpdir(), 'beacon-hsds-upload-'));
  const names: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: req.headers, limits: { fileSize: LIMITS.fileSize, files: LIMITS.files } });
      const writes: Promise<void>[] = [];
      parser.on('file', (_field, stream, info) => {
        const name = basename(info.filename || '').replace(/[^\w.-]/g, '_');
        if (!/\.(csv|json|zip)$/i.test(name)) {
          stream.resume();
          return;
        }
        names.push(name);
        stream.on('limit', () => reject(new BadInput([{ field: name, message: 'is larger than 1 GB' }])));
        writes.push(pipeline(stream, createWriteStream(join(folder, name))));
      });
      parser.on('filesLimit', () => reject(new BadInput([{ field: 'files', message: `at most ${LIMITS.files} files` }])));
      parser.on('error', reject);
      parser.on('close', () => Promise.all(writes).then(() => resolve(), reject));
      req.pipe(parser);
    });
    if (!names.length) throw new BadInput([{ field: 'files', message: 'upload HSDS CSV files, a .zip of them, or a JSON file' }]);
    const single = names.length === 1 && /\.(zip|json)$/i.test(names[0]);
    const source = await openSource(single ? join(folder, names[0]) : folder);
    return { ...source, name: single ? names[0] : 'uploaded package', close: () => source.close().then(() => rm(folder, { recursive: true, force: true })) };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error instanceof SourceError ? new BadInput([{ field: 'files', message: error.message }]) : error;
  }
}

/**
 * POST /hsds/import: an admin loads an HSDS package as `npm run hsds:import` does: multipart
 * files (CSV files, a .zip, or a JSON file) or a JSON body (compiled objects), with
 * ?skip_invalid and ?prune. 200 with the report when it imported, 422 with it when problems
 * stopped it (nothing written).
 */
export const hsdsImportRoute: RouteMount = (app, authenticate) => {
  app.post('/hsds/import', authenticate, express.json({ limit: LIMITS.json }), async (req, res, next) => {
    try {
      const ctx = req.context!;
      if (ctx.user.role !== 'ADMIN') throw new Forbidden();
      const flags = readFlags(req.query);
      let source: Source;
      if (req.is('multipart/form-data')) source = await uploaded(req);
      else if (req.is('application/json')) source = fromJson('request body', req.body);
      else throw new BadInput([{ field: 'body', message: 'send multipart/form-data files or an application/json body' }]);
      const report = await importHsds(ctx.dataSource, source, {
        ...flags,
        actorId: ctx.user.id,
        defaultTimeZone: ctx.config.defaultTimeZone,
        audit: { requestId: ctx.requestId, correlationId: ctx.request.correlationId ?? null },
      });
      res.status(report.imported ? 200 : 422).json(report);
    } catch (error) {
      next(error);
    }
  });
};
