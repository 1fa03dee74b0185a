// Test helpers shared by every suite: the test database, dev tokens, GraphQL over HTTP.
export * from './database';
export * from './http';
export * from './tokens';
export * from './assertions';
export * from './ports';
