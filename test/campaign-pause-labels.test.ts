// Every reason the server pauses a campaign for has its own words on the campaign page (web/src/pages/campaigns/pause-reasons.ts):
// a campaign paused because its number was released showed "Paused (number_released)." and a Resume button that could only fail.
import { describe, expect, it } from 'vitest';
import { PAUSE_REASONS } from '../src/modules/campaigns/guardrails.js';
import { pauseLabel, resumable } from '../web/src/pages/campaigns/pause-reasons.js';

describe('campaign pause reasons in the web app', () => {
  it.each(PAUSE_REASONS)('%s has a label of its own', (reason) => {
    expect(pauseLabel(reason)).not.toContain(reason);
    expect(pauseLabel(reason)).toMatch(/^Paused/);
  });
  it('an unknown reason still reads as paused', () => expect(pauseLabel('something_new')).toBe('Paused (something_new).'));
  it.each([['manual', true], ['opt_out_rate', true], ['number_released', false], [null, true]] as const)('%s resumable: %s', (reason, ok) => {
    expect(resumable(reason)).toBe(ok);
  });
});
