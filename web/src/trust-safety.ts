/** Trust & safety in the web app (issue 13): review queue, enforcement, notices and appeals. */
import type { components } from './api-types.gen';

type S = components['schemas'];
export type RiskReview = S['RiskReview'];
export type RiskSignal = S['RiskSignal'];
export type Appeal = S['Appeal'];
export type AppealSummary = S['AppealSummary'];
export type AccountNotice = S['AccountNotice'];
export type AccountTrustSafety = S['AccountTrustSafety'];
export interface AccountNotices { state: string; sendingHeld: boolean; data: AccountNotice[] }

export const ENFORCEMENT_ACTIONS = ['warn', 'throttle', 'suspend', 'terminate', 'reinstate'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];
export const ACTION_LABELS: Record<EnforcementAction, string> = { warn: 'Warn', throttle: 'Throttle', suspend: 'Suspend sending', terminate: 'Terminate', reinstate: 'Reinstate' };
export const STATE_COLORS: Record<string, string> = { active: 'green', warned: 'yellow', throttled: 'orange', suspended: 'red', terminated: 'dark' };

export const SIGNAL_LABELS: Record<string, string> = {
  opt_out_rate: 'Opt-out rate', first_message_stop_rate: 'STOP right after a first text', carrier_filtering: 'Carrier filtering (30007 / REJECTD)',
  no_consent_share: 'Sends without recorded consent', volume_spike: 'Volume spike', link_shorteners: 'Third-party link shorteners',
  phishing_content: 'Phishing patterns', shaft_content: 'SHAFT content', sms_pumping_high_cost: 'SMS pumping: high-cost prefixes',
  sms_pumping_sequential: 'SMS pumping: sequential numbers',
};

export const NOTICES_KEY = ['account-notices'] as const;
