import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, NotFound } from '../../common/errors';
import type { RouteMount } from '../../common/http';
import { sendNdjson } from './ndjson';
import { readParams } from './params';
import { ABOUT, getRecord, listRecords, streamRecords } from './records.service';
import { RESOURCES, type ListPath } from './resources';

/** The API reads and never writes: POST (which openapi.json offers for searches) is answered 405, as is every other method. */
class MethodNotAllowed extends AppError {
  constructor() {
    super('The HSDS API is read only: use GET.', 'METHOD_NOT_ALLOWED');
  }

  override get httpStatus(): number {
    return 405;
  }
}

/**
 * Readers are anonymous: a token is ignored, never checked, so it neither shows them more nor
 * fails their request, and the request counts against the anonymous limit of its address.
 */
const ignoreToken = (req: Request, _res: Response, next: NextFunction) => {
  delete req.headers.authorization;
  next();
};

const refuse = (_req: Request, res: Response, next: NextFunction) => {
  res.setHeader('Allow', 'GET, HEAD');
  next(new MethodNotAllowed());
};

/** /hsds: the HSDS 3.1 API (openapi.json's paths), answered by records.service.ts; errors go to the server's JSON error handler. */
export const hsdsRoutes: RouteMount = (app, authenticate) => {
  const router = Router();
  const reader = [ignoreToken, authenticate];
  router.get('/', reader, (req: Request, res: Response) => {
    readParams('/', req.query);
    res.json(ABOUT);
  });
  for (const path of Object.keys(RESOURCES) as ListPath[]) {
    router.get(path, reader, async (req: Request, res: Response) => {
      const params = readParams(path, req.query);
      if (params.format === 'ndjson') await sendNdjson(req, res, streamRecords(req.context!, path, params));
      else res.json(await listRecords(req.context!, path, params));
    });
    router.get(`${path}/:id`, reader, async (req: Request<{ id: string }>, res: Response) => {
      res.json(await getRecord(req.context!, path, req.params.id, readParams(`${path}/{id}`, req.query)));
    });
    router.all([path, `${path}/:id`], refuse);
  }
  router.all('/', refuse);
  app.use('/hsds', router);
};

/** Any other path under /hsds: NOT_FOUND as JSON. Mounted after every /hsds route (module.ts), so it shadows none. */
export const hsdsUnknownPaths: RouteMount = (app) => {
  app.use('/hsds', (req, _res, next) => next(new NotFound('HSDS path', req.path)));
};
