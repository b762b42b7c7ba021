export * from './accounts.js';
export * from './contacts.js';
export * from './connections.js';
export * from './messaging.js';
export * from './media.js';
export * from './audit.js';
export * from './confirmations.js';
export * from './carrier-parts.js';
