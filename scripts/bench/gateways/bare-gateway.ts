// A plain @apollo/gateway over the bare subgraphs: no token, limits, budgets or masking — the bench's "bare" reference.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { listen, runMain } from '@caregraph/platform';

runMain(async () => {
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8') }),
    stopOnTerminationSignals: true,
  });
  await server.start();
  const app = express();
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(server));
  await listen(app, Number(process.env.GATEWAY_PORT), '127.0.0.1');
});
