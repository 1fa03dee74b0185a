# One image for the gateway and the four subgraphs; docker-compose.yml picks the command.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=development HOST=0.0.0.0 NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
COPY packages/platform/package.json packages/platform/
COPY gateway/package.json gateway/
COPY subgraphs/patient/package.json subgraphs/patient/
COPY subgraphs/appointment/package.json subgraphs/appointment/
COPY subgraphs/prescription/package.json subgraphs/prescription/
COPY subgraphs/audit/package.json subgraphs/audit/
# npm ci's postinstall (patch-package) applies these: postgres.js and graphql-shield fixes.
COPY patches patches/
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000 4001 4002 4003 4004
CMD ["npm", "run", "start:gateway"]
