#!/usr/bin/env node
// `npm run gen:api-types`: regenerates web/src/api-types.gen.ts from the API's OpenAPI document.
// `--check`: fails (exit 1) when the committed file differs from what the server's schemas give;
// the web build runs it first. Run with tsx loaded: node --import tsx scripts/gen-api-types.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/openapi-document.ts';

export const API_TYPES_FILE = fileURLToPath(new URL('../web/src/api-types.gen.ts', import.meta.url));
const HEADER = '// Generated from the OpenAPI document by `npm run gen:api-types`; do not edit.\n// The web build fails when this file differs from the server\'s route schemas.\n\n';

/** The web app's API types, as the server's route schemas describe them today. */
export async function generateApiTypes() {
  const doc = await buildOpenApiDocument();
  return HEADER + astToString(await openapiTS(doc, { alphabetize: true }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fresh = await generateApiTypes();
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(API_TYPES_FILE, 'utf8'); } catch { /* missing counts as drift */ }
    if (current !== fresh) {
      console.error(`error: ${API_TYPES_FILE} does not match the server's OpenAPI document (the API changed).\nRegenerate it with: npm run gen:api-types`);
      process.exit(1);
    }
    console.log('web API types match the server');
  } else {
    writeFileSync(API_TYPES_FILE, fresh);
    console.log(`wrote ${API_TYPES_FILE}`);
  }
}
