# Beacon: the GraphQL server. PostgreSQL comes from DATABASE_URL (see docker-compose.yml).
# Node 24, a long-term-support line (20 left LTS in April 2026).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY seeds seeds
COPY bench bench
COPY schema schema
# The production dependencies only: no compiler, no tests' tools and no embedded PostgreSQL
# (a development dependency: the image always runs against DATABASE_URL).
RUN npm run build && npm prune --omit=dev && rm -f dist/*.tsbuildinfo

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/schema schema
COPY package.json ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/index.js"]
