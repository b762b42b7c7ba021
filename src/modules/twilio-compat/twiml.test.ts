import { describe, expect, it } from 'vitest';
import { parseTwiml, TWIML_PARSE_FAILURE, TWIML_SCHEMA_INVALID } from './twiml.js';

const msg = (body: string, extra: Partial<{ media: string[]; to: string | null; from: string | null }> = {}) => ({ body, media: [], to: null, from: null, ...extra });

describe('parseTwiml', () => {
  const ok: Array<[string, string, ReturnType<typeof msg>[], string[]?]> = [
    ['empty answer: no reply', '', []],
    ['blank answer: no reply', '  \n ', []],
    ['empty <Response/>: no reply', '<?xml version="1.0" encoding="UTF-8"?><Response/>', []],
    ['one message', '<Response><Message>Thanks, we got it.</Message></Response>', [msg('Thanks, we got it.')]],
    ['entities and CDATA are text', '<Response><Message>Tom &amp; Jerry <![CDATA[<3]]></Message></Response>', [msg('Tom & Jerry <3')]],
    ['several messages in order', '<Response>\n  <Message>one</Message>\n  <!-- note -->\n  <Message>two</Message>\n</Response>', [msg('one'), msg('two')]],
    ['Body and Media', '<Response><Message><Body>See this</Body><Media>https://e.example/a.jpg</Media><Media> https://e.example/b.png </Media></Message></Response>',
      [msg('See this', { media: ['https://e.example/a.jpg', 'https://e.example/b.png'] })]],
    ['media only', '<Response><Message><Media>https://e.example/a.jpg</Media></Message></Response>', [msg('', { media: ['https://e.example/a.jpg'] })]],
    ['to and from attributes', '<Response><Message to="+12125550199" from="+12125550100">Forwarded</Message></Response>', [msg('Forwarded', { to: '+12125550199', from: '+12125550100' })]],
    ['an empty message is read (the sender refuses it)', '<Response><Message/></Response>', [msg('')]],
    ['other verbs are ignored, recorded', '<Response><Message>a</Message><Redirect>https://e.example/next</Redirect></Response>', [msg('a')], ['Redirect']],
    ['unsupported attributes are recorded', '<Response><Message action="https://e.example/s">a</Message></Response>', [msg('a')], ['Message[0]@action']],
  ];
  it.each(ok)('%s', (_name, xml, messages, ignored = []) => {
    expect(parseTwiml(xml)).toEqual({ ok: true, messages, ignored });
  });

  const bad: Array<[string, string, number]> = [
    ['unclosed tag', '<Response><Message>oops</Response>', TWIML_PARSE_FAILURE],
    ['not XML at all', 'Thanks!', TWIML_PARSE_FAILURE],
    ['HTML error page', '<html><body><h1>Oops</h1></body></html>', TWIML_SCHEMA_INVALID],
    ['wrong root', '<Reply><Message>a</Message></Reply>', TWIML_SCHEMA_INVALID],
    ['two roots', '<Response/><Response/>', TWIML_SCHEMA_INVALID],
    ['text directly in Response', '<Response>hello</Response>', TWIML_SCHEMA_INVALID],
    ['an element inside Message', '<Response><Message>a <b>bold</b></Message></Response>', TWIML_SCHEMA_INVALID],
    ['two Body', '<Response><Message><Body>a</Body><Body>b</Body></Message></Response>', TWIML_SCHEMA_INVALID],
    ['text and Body', '<Response><Message>x<Body>a</Body></Message></Response>', TWIML_SCHEMA_INVALID],
    ['empty Media', '<Response><Message><Media> </Media></Message></Response>', TWIML_SCHEMA_INVALID],
    ['eleven Media', `<Response><Message>${'<Media>https://e.example/a</Media>'.repeat(11)}</Message></Response>`, TWIML_SCHEMA_INVALID],
  ];
  it.each(bad)('refuses %s', (_name, xml, code) => {
    const r = parseTwiml(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });
});
