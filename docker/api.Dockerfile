# TTHC API + the built web app. TypeScript runs through SWC (@swc-node/register), as in development.
# Stage `build` installs every dependency and builds the web app; stage `deps` installs the
# production dependencies only (`npm ci --omit=dev`); the image takes those and the built web app.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY test/package.json ./test/package.json
COPY bench/package.json ./bench/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --workspace apps/web

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
ENV NODE_ENV=production SWCRC=true TTHC_WEB_DIST=/app/apps/web/dist
COPY --from=deps /app /app
COPY . .
COPY --from=build /app/apps/web/dist /app/apps/web/dist
USER node
EXPOSE 3000
CMD ["node", "-r", "@swc-node/register", "apps/api/src/main.ts"]
