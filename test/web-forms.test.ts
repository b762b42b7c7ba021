/**
 * The web app's forms put a server refusal on the field it names (web/src/forms.ts
 * applyServerError). A schema refusal (422 validation_failed) used to show its whole API message
 * there — "Invalid request: body.url Enter an http(s) URL." under Endpoint URL (Settings →
 * Webhooks), the request path and all. The field shows the field's own issue now (fieldIssue);
 * other refusals keep their message.
 */
import { describe, expect, it } from 'vitest';
import { fieldIssue } from '../web/src/fieldIssue.js';

describe('fieldIssue: what a form field shows of a refusal', () => {
  const cases: { name: string; error: { code: string; field?: string; details: Record<string, unknown> }; shown: string | undefined }[] = [
    {
      name: 'a schema refusal: the issue, not the request path',
      error: { code: 'validation_failed', field: 'url', details: { issues: [{ path: 'body.url', message: 'Enter an http(s) URL.' }], field: 'url' } },
      shown: 'Enter an http(s) URL.',
    },
    {
      name: 'the issue of the blamed field among several (nested path)',
      error: { code: 'validation_failed', field: 'phone', details: { issues: [{ path: 'body.name', message: 'Required' }, { path: 'body.contact.phone', message: 'Too short' }], field: 'phone' } },
      shown: 'Too short',
    },
    { name: 'no issue for the field: the message as it is', error: { code: 'validation_failed', field: 'url', details: { issues: [] } }, shown: undefined },
    { name: 'a refusal of another kind keeps its message', error: { code: 'host_not_allowed', field: 'url', details: { field: 'url' } }, shown: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(fieldIssue(c.error)).toBe(c.shown));
});
