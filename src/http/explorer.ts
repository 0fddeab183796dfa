import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request, Response } from 'express';
import type { Config } from '../config';

/**
 * The GraphQL explorer: GraphiQL served by Beacon itself (no CDN, so it works offline and
 * loads nothing a third party could change), under a Content-Security-Policy that allows
 * only Beacon's own scripts, styles and GraphQL endpoint. EXPLORER=false leaves it unmounted.
 */

const ASSETS_PATH = '/explorer/assets';
const HEADERS_HINT = 'Bearer <token>';

/** A file inside an installed package (react and react-dom export no path to their UMD builds, so from the package's folder). */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const DEFAULT_QUERY = `# Beacon's GraphQL explorer.
#
# Anyone may search the directory. To do more, sign in: put your email and
# password in Login below and run it, copy the token it returns, and in the
# Headers tab replace <token> in
#   {"authorization": "${HEADERS_HINT}"}
# with it. Until then requests go without the header.

mutation Login {
  login(email: "you@example.org", password: "your password") {
    token
    expiresAt
    user { id name role }
  }
}

query SearchServices {
  searchServices(filter: { text: "recovery" }, first: 5) {
    totalCount
    edges { node { id name category organization { name } } }
  }
}
`;

/** The page's own script, a file rather than inline so the policy needs no 'unsafe-inline'. */
const BOOTSTRAP = `'use strict';
(function () {
  var HINT = ${JSON.stringify(HEADERS_HINT)};
  var send = GraphiQL.createFetcher({ url: '/graphql' });
  // The headers editor starts with the sign-in hint; until the token is filled in, the hint is not sent.
  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers);
    if (headers.authorization === HINT) delete headers.authorization;
    return send(params, Object.assign({}, options, { headers: headers }));
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(JSON.stringify({ authorization: HEADERS_HINT }, null, 2))},
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE_CSS = `html, body, #graphiql { height: 100%; margin: 0; }\n`;

type Asset = { type: string; file: string } | { type: string; text: string };

/** Every file the page loads, by the name it has under ASSETS_PATH; nothing else there is served. */
const ASSETS = new Map<string, Asset>([
  ['react.production.min.js', { type: JS, file: packageFile('react', 'umd/react.production.min.js') }],
  ['react-dom.production.min.js', { type: JS, file: packageFile('react-dom', 'umd/react-dom.production.min.js') }],
  ['graphiql.min.js', { type: JS, file: packageFile('graphiql', 'graphiql.min.js') }],
  ['graphiql.min.css', { type: CSS, file: packageFile('graphiql', 'graphiql.min.css') }],
  ['explorer.css', { type: CSS, text: PAGE_CSS }],
  ['explorer.js', { type: JS, text: BOOTSTRAP }],
]);

const asset = (name: string) => `${ASSETS_PATH}/${name}`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Beacon GraphQL explorer</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<link rel="stylesheet" href="${asset('explorer.css')}">
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('explorer.js')}"></script>
</body>
</html>
`;

/** GraphiQL's fonts and icons are data: URLs inside its CSS; its requests go to /graphql on this origin. */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendPage(_req: Request, res: Response): void {
  res.setHeader('Content-Security-Policy', POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-cache');
  res.type('html').send(PAGE);
}

/** A browser opening /graphql: it prefers HTML and sends no GraphQL request in the query string (GET queries go on to Apollo). */
function wantsPage(req: Request): boolean {
  const { query, extensions, documentId } = req.query;
  return req.accepts(['application/json', 'text/html']) === 'text/html' && query === undefined && extensions === undefined && documentId === undefined;
}

export function mountExplorer(app: Express, config: Config): void {
  if (!config.explorer) return;
  for (const found of ASSETS.values()) {
    if ('file' in found && !existsSync(found.file)) throw new Error(`The explorer's ${found.file} is missing: reinstall the dependencies`);
  }
  app.get('/explorer', sendPage);
  app.get('/graphql', (req, res, next) => (wantsPage(req) ? sendPage(req, res) : next()));
  app.get(`${ASSETS_PATH}/:name`, (req, res, next) => {
    const found = ASSETS.get(req.params.name);
    if (!found) return next();
    res.setHeader('Content-Type', found.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if ('text' in found) {
      res.setHeader('Cache-Control', 'no-cache');
      res.send(found.text);
    } else {
      res.sendFile(found.file, { maxAge: '1h' });
    }
  });
}
