#!/usr/bin/env node
// `npm run openapi [-- <file>]`: writes the API's OpenAPI document (built from the route schemas,
// without a database or a running server) to <file>, by default ./openapi.json.
// Run with tsx loaded: node --import tsx scripts/openapi.mjs
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi-document.ts';

const out = resolve(process.argv[2] ?? 'openapi.json');
writeFileSync(out, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${out}`);
