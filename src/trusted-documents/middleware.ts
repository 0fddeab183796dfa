import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { AllowList } from './allow-list';
import { loadManifest } from './manifest';
import { trustedText } from './trusted-text';

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
    let text: unknown;
    try {
      text = trustedText(allowList, config.trustedDocuments && Boolean(req.context?.viewer), sent);
    } catch (error) {
      return next(error);
    }
    // Run as the manifest's text, or without the hash fields: Apollo never sees a persisted query, so it can neither look one up nor register one.
    if (typeof text === 'string' && (text !== sent.query || sent.hash !== undefined)) sent.run(text);
    next();
  };
}
