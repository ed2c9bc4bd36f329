# syntax=docker/dockerfile:1
#
# One image for all three services. Build it for one service:
#   docker build --build-arg SERVICE=activities -t deelwijs-activities .
# or without SERVICE and pick the service when running it (Kubernetes does this):
#   docker build -t deelwijs . && docker run -e SERVICE=knowledge ... deelwijs

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, dev ones included, to compile with ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the lock is written where the registry serves only linux-x64 builds
# of optional platform packages (nx, msgpackr, unrs), and npm ci refuses a lock without the
# others. npm install still keeps every version the lock pins.
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund

# --- build: TypeScript to dist/, plus dist/node_modules/@deelwijs/* (scripts/link-libs.js) -----
FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY services ./services
RUN npm run build
# The portal's web app (services/portal-web, a Vite project) into dist/services/portal-web.
RUN if [ -d services/portal-web ]; then cd services/portal-web && npx vite build; fi

# --- prod-deps: runtime dependencies only -------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund

# --- runtime ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# How every service process runs, wherever it is started (issue 13, memory): the same values as
# infra/service-runtime.json, which `npm start` and the tests' service processes read (a test in
# infra/infra-structure.spec.ts keeps them equal): a young generation of at most 2 x 4 MB instead
# of V8's 2 x 16 MB, and two malloc arenas instead of eight per core (node arguments, which
# NODE_OPTIONS does not allow, would go in CMD; there are none today). See infra/README.md.
ENV NODE_OPTIONS="--max-semi-space-size=4" MALLOC_ARENA_MAX=2
WORKDIR /app
# Owned by root and only readable by the app's user: the process cannot rewrite its own code.
COPY --from=prod-deps /app/node_modules ./node_modules
# dist/ includes dist/node_modules/@deelwijs/*, which is how the services find the compiled libs.
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY infra/docker/healthcheck.js ./healthcheck.js
# The knowledge service's attachments (ATTACHMENTS_DIR); a volume mounted here keeps this owner.
RUN mkdir -p /data/attachments && chown node:node /data/attachments

# The `node` user (uid 1000) of the base image; Kubernetes runs it with runAsUser 1000.
USER node

# Declared this late so the stages above are shared, and cached, by all three services.
ARG SERVICE=""
ENV SERVICE=${SERVICE}
RUN if [ -n "$SERVICE" ]; then test -f "dist/services/$SERVICE/src/main.js" || { echo "unknown SERVICE: $SERVICE" >&2; exit 1; }; fi

EXPOSE 3000 3001 3002 3003 3004

# Liveness: the process answers. Readiness (database, NATS, Redis) is /health/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "healthcheck.js", "/health/live"]

# exec: node becomes PID 1 and gets SIGTERM itself, for the services' graceful shutdown.
CMD ["sh", "-c", "exec node dist/services/${SERVICE:?set SERVICE to activities, knowledge, reporting or portal}/src/main.js"]
