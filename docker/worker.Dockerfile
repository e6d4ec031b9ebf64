# TTHC Temporal worker: the runProcess interpreter workflow and its activities.
# Production dependencies only (`npm ci --omit=dev`); TypeScript runs through SWC as in development.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY test/package.json ./test/package.json
COPY bench/package.json ./bench/package.json
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production SWCRC=true
COPY --from=deps /app /app
COPY . .
USER node
CMD ["node", "-r", "@swc-node/register", "apps/worker/src/main.ts"]
