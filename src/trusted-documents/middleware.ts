import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { AppError } from '../common/errors';
import { AllowList } from './allow-list';
import { loadManifest } from './manifest';

/** A hash that names no document of the manifest, sent without the document's text (Apollo's code, so persisted-query clients know to send the text). */
export class PersistedQueryNotFound extends AppError {
  constructor() {
    super('No trusted document has this hash.', 'PERSISTED_QUERY_NOT_FOUND');
  }
}

/** A signed-in caller's document that is not one of the client apps' (with TRUSTED_DOCUMENTS=true). */
export class PersistedQueryNotInList extends AppError {
  constructor() {
    super("Signed-in callers may send only the client apps' documents (schema/operations), by hash or in full.", 'PERSISTED_QUERY_NOT_IN_LIST');
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a GraphQL request sent, from a POST body or a GET query string. */
interface Sent {
  query: unknown;
  operationName: unknown;
  /** From `extensions.persistedQuery.sha256Hash` (Apollo's shape) or `documentId` (bare hex or `sha256:` hex); undefined when neither was sent. */
  hash: string | undefined;
  /** Makes the request run `document`, without the hash fields: Apollo never sees a persisted query, so it can neither look one up nor register one. */
  run(document: string): void;
}

function hashOf(persisted: unknown, documentId: unknown): string | undefined {
  const raw = isRecord(persisted) ? persisted.sha256Hash : documentId;
  return raw === undefined ? undefined : String(raw).replace(/^sha256:/, '');
}

function fromBody(body: Record<string, unknown>): Sent {
  const extensions = isRecord(body.extensions) ? body.extensions : {};
  return {
    query: body.query,
    operationName: body.operationName,
    hash: hashOf(extensions.persistedQuery, body.documentId),
    run(document) {
      body.query = document;
      delete body.documentId;
      delete extensions.persistedQuery;
    },
  };
}

function fromQueryString(req: Request): Sent {
  const at = req.url.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
  let extensions: unknown;
  try {
    extensions = JSON.parse(params.get('extensions') ?? '{}');
  } catch {
    extensions = {}; // Apollo answers the bad parameter itself.
  }
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined;
  return {
    query: params.get('query') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
    hash: hashOf(persisted, params.get('documentId') ?? undefined),
    run(document) {
      params.set('query', document);
      params.delete('documentId');
      if (persisted !== undefined && isRecord(extensions)) {
        delete extensions.persistedQuery;
        params.set('extensions', JSON.stringify(extensions));
      }
      req.url = `${at < 0 ? req.url : req.url.slice(0, at)}?${params}`;
    },
  };
}

/**
 * Runs before Apollo on /graphql, after the caller is known. A hash (from anyone) runs the
 * manifest's document, or is PERSISTED_QUERY_NOT_FOUND when the text was not sent too. With
 * TRUSTED_DOCUMENTS=true a signed-in caller's text must be a manifest document in any layout
 * (allow-list.ts), or is PERSISTED_QUERY_NOT_IN_LIST before Apollo parses or validates
 * anything; anonymous callers, who may only sign in and read the directory, send any text.
 * Whatever passes runs as the manifest's own text, so Apollo's document cache sees each once.
 */
export function trustedDocuments(config: Config): RequestHandler {
  const allowList = new AllowList(loadManifest());
  return (req: Request, _res: Response, next: NextFunction) => {
    const sent = req.method === 'GET' ? fromQueryString(req) : isRecord(req.body) ? fromBody(req.body) : undefined;
    if (!sent) return next(); // Not a single GraphQL request (a batch, a bad body): Apollo refuses it unparsed.
    if (sent.hash !== undefined) {
      const document = allowList.byHash(sent.hash);
      if (document !== undefined) {
        sent.run(document);
        return next();
      }
      if (typeof sent.query !== 'string') return next(new PersistedQueryNotFound());
      // An unknown hash beside a text is dropped: the text is checked below like any other, and registers nothing.
      sent.run(sent.query);
    }
    if (!config.trustedDocuments || !req.context?.viewer || typeof sent.query !== 'string') return next();
    const document = allowList.byText(sent.query, sent.operationName);
    if (document === undefined) return next(new PersistedQueryNotInList());
    sent.run(document);
    next();
  };
}
