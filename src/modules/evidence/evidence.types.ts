import type * as repo from './evidence.repo.js';

/** What an evidence pack holds (evidence.service gathers it, evidence-pdf prints it). */
export interface MessageWithHistory extends repo.MessageRow { history: Array<{ status: string; errorCode: string | null; source: string; at: Date }> }
export interface Evidence {
  account: { id: string; name: string };
  phone: string;
  generatedAt: Date;
  contacts: repo.ContactRow[];
  consent: Awaited<ReturnType<typeof repo.consentEvents>>;
  attestations: Awaited<ReturnType<typeof repo.attestations>>;
  suppression: Awaited<ReturnType<typeof repo.suppression>>;
  keywords: repo.MessageRow[];
  audit: Awaited<ReturnType<typeof repo.auditAbout>>;
}
