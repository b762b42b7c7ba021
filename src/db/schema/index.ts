export * from './accounts.js';
export * from './contacts.js';
