// Generated from the OpenAPI document by `npm run gen:api-types`; do not edit.
// The web build fails when this file differs from the server's route schemas.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/join/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-up form page */
        get: operations["getJoinSlug"];
        put?: never;
        /** Sign up: texts a code (or asks for a reply Y); rate-limited per IP and per phone */
        post: operations["postJoinSlug"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/join/{slug}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a sign-up with the texted code (5 tries, 10 minutes) */
        post: operations["postJoinSlugConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/{account}/{id}/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A medium at its signed, expiring URL (what a carrier fetches) */
        get: operations["getMediaAccountIdToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The business's privacy page (end customers) */
        get: operations["getPrivacySlug"];
        put?: never;
        /** Text a verification code to the number (same answer whether the business holds it or not; rate-limited) */
        post: operations["postPrivacySlug"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/{slug}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Download the person's contact, messages and consent history (ZIP of JSON + CSV; after an access request) */
        post: operations["postPrivacySlugDownload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/{slug}/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for access, correction, deletion or opt-out (after the code) */
        post: operations["postPrivacySlugRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/{slug}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the texted code (5 tries, then a 15-minute cool-down; 10 minutes) */
        post: operations["postPrivacySlugVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database is reachable and the process is not shutting down */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account (with its Twilio-compatible account SID)
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the business details
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchAccount"];
        trace?: never;
    };
    "/v1/account/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's appeals
         * @description Needs the viewer role or higher.
         */
        get: operations["getAccountAppeals"];
        put?: never;
        /**
         * Appeal an enforcement decision (a thread with trust & safety)
         * @description Needs the admin role or higher.
         */
        post: operations["postAccountAppeals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/appeals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An appeal with its thread
         * @description Needs the viewer role or higher.
         */
        get: operations["getAccountAppealsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/appeals/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a message to an open appeal
         * @description Needs the admin role or higher.
         */
        post: operations["postAccountAppealsIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/deletion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the account is scheduled for deletion, and when
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAccountDeletion"];
        put?: never;
        /**
         * Delete the account (owner, password confirmed): erased after the grace period unless canceled
         * @description Everything in the account is hard-erased after ACCOUNT_DELETION_GRACE_DAYS (14 by default); owners and admins get reminders 7 days and 1 day before. Consent evidence is kept 4 years as keyed hashes; a certificate of the erasure goes to the platform audit log.
         *
         *     Needs the owner role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postAccountDeletion"];
        /**
         * Cancel the account's scheduled deletion
         * @description Needs the owner role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteAccountDeletion"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Destination countries texts may go to
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAccountDestinations"];
        /**
         * Set the countries allowed besides the account's own (fraud at the door: off by default)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putAccountDestinations"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notices from the platform (enforcement) and whether sending is held
         * @description Needs the viewer role or higher.
         */
        get: operations["getAccountNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/notices/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a notice as read (the banner goes away)
         * @description Needs the viewer role or higher.
         */
        post: operations["postAccountNoticesIdAcknowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/subprocessors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The carriers (sub-processors) that received or delivered this account's messages, from each message's record
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAccountSubprocessors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/transfer-ownership": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer ownership to another member
         * @description Needs the owner role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postAccountTransferOwnership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's agents: availability, capacity and open assigned conversations
         * @description A partner agent gets each agent's email empty.
         *
         *     Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set an agent's capacity or availability
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchAgentsId"];
        trace?: never;
    };
    "/v1/analytics/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The summary's series as CSV (one line per day, week or month)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAnalyticsExportCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sent, delivered, failed, received, opt-ins/outs, errors, campaigns, response times, SLA (per agent and team) and cost over a range of the account's days
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAnalyticsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys, newest first
         * @description Needs the admin role or higher. API keys need the `api_keys:write` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getApiKeys"];
        put?: never;
        /**
         * Create an API key (the key is shown once)
         * @description Needs the admin role or higher. API keys need the `api_keys:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postApiKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Needs the admin role or higher. API keys need the `api_keys:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteApiKeysId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the scopes an API key can have
         * @description Needs the viewer role or higher.
         */
        get: operations["getApiKeysScopes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit events, newest first
         * @description Filters combine (AND). Reads of personal data (contact.viewed) are included: they are sealed into the chain before the first page is read.
         *
         *     Needs the owner role or higher. API keys need the `audit:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the audit events matching the filters as CSV (newest first, at most 100,000)
         * @description Needs the owner role or higher. API keys need the `audit:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAuditEventsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the hash chain
         * @description Needs the admin role or higher. API keys need the `audit:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAuditEventsVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a signed checkpoint of the audit chain
         * @description Keep it outside the platform; POST it to /v1/audit/verify later to detect a truncated or rewritten chain.
         *
         *     Needs the admin role or higher. API keys need the `audit:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getAuditCheckpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify the hash chain, optionally against a checkpoint
         * @description Needs the admin role or higher. API keys need the `audit:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postAuditVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email-change/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a new email address with the token mailed to it */
        post: operations["postAuthEmailChangeConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in (starts a session) */
        post: operations["postAuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out (ends this session)
         * @description Needs the viewer role or higher.
         */
        post: operations["postAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password
         * @description Needs the viewer role or higher.
         */
        post: operations["postAuthPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset token */
        post: operations["postAuthPasswordResetConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a password-reset link */
        post: operations["postAuthPasswordResetRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign up a business and its owner: mails a confirmation link (the same answer for every email) */
        post: operations["postAuthSignup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a sign-up with the emailed token (creates the account; starts a session for a new login) */
        post: operations["postAuthSignupConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Act in another account you belong to (this session)
         * @description Needs the viewer role or higher.
         */
        post: operations["postAuthSwitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's credit balance (prepaid accounts) and its latest ledger entries
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBilling"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The months with a statement, newest first (a closed month's is issued with a number; the current month's is a preview)
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBillingStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/statements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A monthly statement: line items (metered usage at the prices in force when metered), payments, balances. A closed month's is issued once and never changes; the current month's is a live preview
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBillingStatementsMonth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/statements/{month}/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A monthly statement as CSV
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBillingStatementsMonthCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/statements/{month}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A monthly statement as a printable PDF
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBillingStatementsMonthPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metered usage by UTC day (default: the last 30 days), by country and sender type, with its cost
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBillingUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/business-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's business hours (weekly schedule, time zone)
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getBusinessHours"];
        /**
         * Set the business hours SLA targets count in
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putBusinessHours"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaign-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's campaign rules: frequency cap, guardrails, default rate cap
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the account's campaign rules (admins)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchCampaignSettings"];
        trace?: never;
    };
    "/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List campaigns (newest first)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaigns"];
        put?: never;
        /**
         * Create a campaign draft
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postCampaigns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign with its stats and progress
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a draft
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchCampaignsId"];
        trace?: never;
    };
    "/v1/campaigns/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel: every text not yet handed to a carrier is canceled
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCampaignsIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/launch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Launch a draft: recipients are materialised and texts queued in the background
         * @description Needs the admin role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postCampaignsIdLaunch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The campaign's short links by destination: clicks and recipients who clicked
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsIdLinks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause: waiting texts are held
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCampaignsIdPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/pick-winner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pick an A/B test's winner by hand: the recipients held back get it
         * @description Needs the admin role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postCampaignsIdPickWinner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/recipients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recipients with their status, skip reason and message
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsIdRecipients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/recipients.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per-recipient outcomes as CSV (status, skip reason, message, times, error code)
         * @description Needs the admin role or higher. API keys need the `contacts:export` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsIdRecipientsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused campaign (each text at its recipient's next allowed moment)
         * @description Needs the admin role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postCampaignsIdResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sent, delivered, failed, replies and opt-outs per minute, hour or day
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsIdTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An A/B test's sample results per variant (recipients, clicks or replies, rate) and its winner
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCampaignsIdVariants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/audience/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count an audience live: eligible contacts and skipped ones by reason
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCampaignsAudienceCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/audience/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sample recipients of an audience for the composer's preview, and (with a body) the costliest recipient
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCampaignsAudienceSamples"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/canned-replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List canned replies by shortcut (rendered for a conversation when conversationId is given)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCannedReplies"];
        put?: never;
        /**
         * Create a canned reply
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCannedReplies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/canned-replies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a canned reply
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteCannedRepliesId"];
        options?: never;
        head?: never;
        /**
         * Change a canned reply
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchCannedRepliesId"];
        trace?: never;
    };
    "/v1/compliance/send-window": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Whether a marketing text may go to a number at a moment (quiet hours in the recipient's zone), and when it next may
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postComplianceSendWindow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's sending hours and sender identification rule
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getComplianceSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the account's sending hours and sender identification rule
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchComplianceSettings"];
        trace?: never;
    };
    "/v1/consent/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download all consent evidence of the account
         * @description Needs the admin role or higher. API keys need the `contacts:export` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConsentExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List and search contacts (sortable; `total=true` counts every match)
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getContacts"];
        put?: never;
        /**
         * Create a contact
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a contact (audited)
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getContactsId"];
        put?: never;
        post?: never;
        /**
         * Erase a contact completely (messages, media, import lines, events; the suppression stays as a keyed hash)
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteContactsId"];
        options?: never;
        head?: never;
        /**
         * Update a contact
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchContactsId"];
        trace?: never;
    };
    "/v1/contacts/{id}/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact's consent timeline
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getContactsIdConsent"];
        put?: never;
        /**
         * Record consent evidence for a contact
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postContactsIdConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/{id}/consent/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a contact's consent evidence
         * @description Needs the admin role or higher. API keys need the `contacts:export` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getContactsIdConsentExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tag, untag or delete a selection of contacts
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postContactsBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export a selection of contacts as CSV
         * @description Needs the admin role or higher. API keys need the `contacts:export` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postContactsExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tags in use, most used first (suggestions while typing a tag)
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getContactsTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations, most recent first
         * @description Narrow by state, assignee (`me`, `none` or a user id), team, label, number, contact and last activity. `status` is the older name of `state`.
         *
         *     Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a conversation
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the state of a conversation: open, pending, snoozed (until a time, or until the customer texts) or closed
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchConversationsId"];
        trace?: never;
    };
    "/v1/conversations/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a conversation to an agent and/or a team, or un-assign it (both absent or null)
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postConversationsIdAssign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a conversation's labels (exactly these)
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putConversationsIdLabels"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A conversation's messages, oldest first
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsIdMessages"];
        put?: never;
        /**
         * Reply in a conversation
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postConversationsIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A conversation's internal notes, oldest first (never sent to the customer)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsIdNotes"];
        put?: never;
        /**
         * Add an internal note; @mentioned members are notified in the app and by email
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postConversationsIdNotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is viewing or typing in this conversation now
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsIdPresence"];
        put?: never;
        /**
         * Heartbeat: I am viewing (or typing in, or have left) this conversation; answers who is there now
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postConversationsIdPresence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a conversation read (or, with `unread: true`, unread) for me
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postConversationsIdRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A conversation's SLA timers and CSAT answer
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsIdSla"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates of a conversation (server-sent events)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsIdStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many conversations are in each state (optionally narrowed like the list)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates of every conversation of the account (server-sent events)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getConversationsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/csat-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSAT survey settings
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCsatSettings"];
        /**
         * Turn the CSAT survey after a close on or off, its question and reply window
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putCsatSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/custom-fields": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List custom fields, oldest first
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getCustomFields"];
        put?: never;
        /**
         * Create a custom field
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postCustomFields"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/custom-fields/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a custom field
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteCustomFieldsId"];
        options?: never;
        head?: never;
        /**
         * Update a custom field
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchCustomFieldsId"];
        trace?: never;
    };
    "/v1/data-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The privacy request queue, soonest due first (overdue ones flagged, never dropped)
         * @description Needs the admin role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getDataRequests"];
        put?: never;
        /**
         * Log a request received by phone or email (due date from the regime: GDPR one month, CCPA 45 days)
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postDataRequests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/data-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One request with its status trail
         * @description Needs the admin role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getDataRequestsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Move a request forward (completed runs its outcome: deletion erases the person; denied needs a reason), or extend its due date once
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchDataRequestsId"];
        trace?: never;
    };
    "/v1/data-requests/page": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The address of the business's public privacy page
         * @description Needs the admin role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getDataRequestsPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dispute evidence pack for a phone number (consent, messages with delivery history, STOP/HELP, audit): ZIP or PDF
         * @description Needs the admin role or higher. API keys need the `contacts:export` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getEvidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your exports, newest first
         * @description Needs the viewer role or higher.
         */
        get: operations["getExports"];
        put?: never;
        /**
         * Export data as a ZIP of JSON and CSV (built in the background)
         * @description Needs the viewer role or higher.
         */
        post: operations["postExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An export and its progress
         * @description Needs the viewer role or higher.
         */
        get: operations["getExportsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a completed export (its requester, signed in to the same account, before it expires)
         * @description Needs the viewer role or higher.
         */
        get: operations["getExportsIdDownload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holidays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Days the business is closed (SLA timers skip them)
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getHolidays"];
        put?: never;
        /**
         * Add a holiday
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postHolidays"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holidays/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a holiday
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteHolidaysId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List recent imports
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getImports"];
        put?: never;
        /**
         * Start an import
         * @description JSON {uploadId, mapping?, options}, or multipart with a file and JSON "options" (and optional "mapping") fields.
         *
         *     Needs the admin role or higher. API keys need the `imports:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postImports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an import and its progress
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getImportsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an import (committed batches stay)
         * @description Needs the admin role or higher. API keys need the `imports:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postImportsIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}/errors.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an import's per-row error report
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getImportsIdErrorsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a CSV and preview it with a detected column mapping
         * @description Needs the admin role or higher. API keys need the `imports:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postImportsPreview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbox/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Automatic assignment and reassignment settings
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getInboxSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Turn automatic assignment on or off; reassign after N minutes without an answer (null: off)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchInboxSettings"];
        trace?: never;
    };
    "/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pending invitations, newest first
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getInvitations"];
        put?: never;
        /**
         * Invite someone by email
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postInvitations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an invitation
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteInvitationsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation (creates the login, starts a session) */
        post: operations["postInvitationsAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Look up an invitation by its token */
        get: operations["getInvitationsLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keywords": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List join keywords
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getKeywords"];
        put?: never;
        /**
         * Create a join keyword (422 for STOP, HELP, START and their synonyms)
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postKeywords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keywords/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a join keyword
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteKeywordsId"];
        options?: never;
        head?: never;
        /**
         * Change a join keyword
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchKeywordsId"];
        trace?: never;
    };
    "/v1/keywords/{id}/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A QR code that opens a text of the keyword to its number (sms: URI)
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getKeywordsIdQrSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List labels
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getLabels"];
        put?: never;
        /**
         * Create a label
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postLabels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/labels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a label (it leaves every conversation)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteLabelsId"];
        options?: never;
        head?: never;
        /**
         * Rename or recolour a label
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchLabelsId"];
        trace?: never;
    };
    "/v1/legal/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A legal document (terms or privacy policy): the current version and the history of versions */
        get: operations["getLegalKind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/legal/{kind}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a legal document (earlier versions stay readable) */
        get: operations["getLegalKindVersionsVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/legal/subprocessors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform's sub-processors (carriers, email, hosting) and the date of each change */
        get: operations["getLegalSubprocessors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's link tracking: on/off, its own short-link domain, whether clicks keep the IP
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getLinksSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the account's link tracking (an own domain: point its DNS at this server first)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchLinksSettings"];
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller: account, user and CSRF token
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update your profile (a new email is applied from the link mailed to it)
         * @description Needs the viewer role or higher.
         */
        patch: operations["patchMe"];
        trace?: never;
    };
    "/v1/me/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your availability for automatic assignment
         * @description Needs the agent role or higher.
         */
        get: operations["getMeAvailability"];
        /**
         * Set your availability (online agents get new conversations automatically)
         * @description Needs the agent role or higher.
         */
        put: operations["putMeAvailability"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload an image (JPEG, PNG or GIF, at most 5 MB) to send as MMS with `mediaIds`
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postMedia"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The file of a medium (an upload, or media of a message)
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getMediaId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List members, oldest first
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteMembersId"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchMembersId"];
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List messages, newest first (cursor paging)
         * @description Every message of the account, inbound and outbound, newest first (by creation time, then id), narrowed by status, direction, number, contact and a creation-time window (`since` inclusive, `until` exclusive). Pass `nextCursor` as `cursor` for the next page; a cursor not given by this list is a 400 `invalid_cursor`.
         *
         *     Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getMessages"];
        put?: never;
        /**
         * Send (or schedule) a text message or an MMS
         * @description An `Idempotency-Key` header makes a retried request return the first message. `mediaUrls` (fetched by the server; JPEG, PNG or GIF recognised from the bytes; private and loopback addresses refused) and `mediaIds` (from `POST /v1/media`) make it an MMS of at most 5 MB of media, counted as one message; a number whose carrier cannot carry MMS refuses it (`mms_not_supported`).
         *
         *     Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a message and its status history
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getMessagesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send (or schedule) texts to up to 1000 recipients in one request
         * @description Each entry of `messages` is one text, with the fields of `POST /v1/messages`; fields given at the top level (`body`, `from`, `sendAt`, `smartEncoding`, `mediaUrls`, `mediaIds`) apply to every entry that does not give its own (one body to many: `{body, messages:[{to}, {to}]}`).
         *
         *     Every recipient goes through the same checks as a single send (number, consent and opt-outs, quiet hours for scheduled marketing, sender identification) and is answered on its own, in order: `queued`, `scheduled` or `refused` with the error a single send would give. A refused recipient never stops the others.
         *
         *     **200** when every recipient was accepted, **207** when at least one was refused (the body has the same shape). More than 1,000 recipients is a **400** `batch_too_large` and sends nothing.
         *
         *     With an `Idempotency-Key` header a retried batch sends nobody twice: each accepted recipient answers with its first message; a recipient refused the first time is tried again; an entry that changed is refused (`idempotency_key_reused`).
         *
         *     Each recipient counts against the API key's rate limit (a batch larger than the burst needs a full bucket and leaves it in debt).
         *
         *     Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postMessagesBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count the encoding and segments of a body; with merge fields, per sample contact, with the cost
         * @description With `mergeFields: true` or `contactIds` (up to 20 sample contacts) the body is composed as a campaign text: merge fields (`{{first_name|there}}`, custom field keys) filled per sample (without samples: every fallback), the business name and "Reply STOP to opt out" added per the account's rule (`/v1/compliance/settings`), then encoded; `compose` shows each final text, the worst case and a cost estimate. An unknown or malformed merge field, or a text over 10 segments for some sample, is a 422 naming it (the worst case in `details.worst`).
         *
         *     Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postMessagesPreview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * In-app notices for you and your account (new policy versions, business transfers…)
         * @description Needs the viewer role or higher.
         */
        get: operations["getNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your notifications in this account, newest first, with the unread count
         * @description Needs the viewer role or higher.
         */
        get: operations["getNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark notifications read (ids, or all: true)
         * @description Needs the viewer role or higher.
         */
        post: operations["postNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/number-pools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List number pools
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getNumberPools"];
        put?: never;
        /**
         * Create a number pool
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postNumberPools"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/number-pools/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A number pool with its numbers
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getNumberPoolsId"];
        put?: never;
        post?: never;
        /**
         * Delete a pool (409 pool_in_use while a campaign that has not ended sends from it)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteNumberPoolsId"];
        options?: never;
        head?: never;
        /**
         * Rename a pool or replace its numbers (recipients of a number that left get another when next texted)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchNumberPoolsId"];
        trace?: never;
    };
    "/v1/numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List numbers
         * @description A partner agent gets the grant's numbers only, with their settings left empty.
         *
         *     Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getNumbers"];
        put?: never;
        /**
         * Provision a number, or attach one of a provider connection
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postNumbers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/numbers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Release a number
         * @description The number stops being the account's: sends from it are refused, texts to it reach nobody here, its monthly charge stops. A number bought through West Message goes back to its carrier; an attached one stays yours at your carrier. Texts waiting to go from it refuse the release (409 number_has_queued_messages, details.queued) unless cancelQueued=true.
         *
         *     Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        delete: operations["deleteNumbersId"];
        options?: never;
        head?: never;
        /**
         * Change a number's throughput, keyword replies and Twilio-compatible SMS URL
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchNumbersId"];
        trace?: never;
    };
    "/v1/operator/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customer accounts: search, status, usage of the last 30 days */
        get: operations["getOperatorAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One customer account: usage, numbers, connections, members, notes and the sections other modules add */
        get: operations["getOperatorAccountsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's balance, prepaid setting and ledger */
        get: operations["getOperatorAccountsIdBilling"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Switch an account to prepaid or not (null: BILLING_MODE) and set its low-balance threshold
         * @description Needs an operator with the admin role (or admin).
         */
        patch: operations["patchOperatorAccountsIdBilling"];
        trace?: never;
    };
    "/v1/operator/accounts/{id}/billing/statements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's monthly statement as the business sees it (a closed month's as issued; issues it if not yet) */
        get: operations["getOperatorAccountsIdBillingStatementsMonth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/billing/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's metered usage by day */
        get: operations["getOperatorAccountsIdBillingUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/enforcement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Warn, throttle, suspend, terminate or reinstate an account, with a reason (notice by email and in the app, both audit logs)
         * @description suspend: queued messages are held (not sent, not dropped) until reinstate. terminate: nothing is sent or accepted, members cannot sign in, records are kept.
         */
        post: operations["postOperatorAccountsIdEnforcement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dispute evidence pack of an account's phone number (recorded on the operators' audit chain) */
        get: operations["getOperatorAccountsIdEvidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an operator note to an account (staff-internal)
         * @description Needs an operator with the support role (or admin).
         */
        post: operations["postOperatorAccountsIdNotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's price overrides */
        get: operations["getOperatorAccountsIdPrices"];
        /**
         * Set an account's own price for a key (it wins over the price book)
         * @description Needs an operator with the admin role (or admin).
         */
        put: operations["putOperatorAccountsIdPrices"];
        post?: never;
        /**
         * Remove an account's price override
         * @description Needs an operator with the admin role (or admin).
         */
        delete: operations["deleteOperatorAccountsIdPrices"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/risk-evaluation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Compute an account's risk signals now (as the periodic job does); crossed signals put it in the review queue */
        post: operations["postOperatorAccountsIdRiskEvaluation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/top-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a top-up through a payment provider (manual: a payment received outside the platform); lifts a credits hold
         * @description Needs an operator with the admin role (or admin).
         */
        post: operations["postOperatorAccountsIdTopUps"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/accounts/{id}/trust-safety": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's enforcement state, sending holds, actions and reviews */
        get: operations["getOperatorAccountsIdTrustSafety"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Appeals of every account (open by default) */
        get: operations["getOperatorAppeals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/appeals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An appeal with its thread */
        get: operations["getOperatorAppealsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/appeals/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer an appeal (the owners are emailed); close: true ends the thread */
        post: operations["postOperatorAppealsIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operators' hash-chained audit log, newest first */
        get: operations["getOperatorAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Walk the operators' audit chain (every MAC and link, the stored head) */
        get: operations["getOperatorAuditVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/bootstrap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the first operator (an admin) with the bootstrap OPERATOR_TOKEN; refused once one exists */
        post: operations["postOperatorBootstrap"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/inquiries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inquiries from every account, last changed first */
        get: operations["getOperatorInquiries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/inquiries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One inquiry with its thread */
        get: operations["getOperatorInquiriesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/inquiries/{id}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer an inquiry (the writer gets an email) */
        post: operations["postOperatorInquiriesIdReplies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/inquiries/{id}/screenshots/{screenshotId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A screenshot of an inquiry */
        get: operations["getOperatorInquiriesIdScreenshotsScreenshotId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/inquiries/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set an inquiry's status (open, answered, closed) */
        post: operations["postOperatorInquiriesIdStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/legal-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Legal requests, newest first */
        get: operations["getOperatorLegalRequests"];
        put?: never;
        /** Record a legal request for data (owners are told unless a non-disclosure order applies) */
        post: operations["postOperatorLegalRequests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/legal-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set, change or lift the non-disclosure order of a legal request */
        patch: operations["patchOperatorLegalRequestsId"];
        trace?: never;
    };
    "/v1/operator/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator making this request */
        get: operations["getOperatorMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/operators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every operator
         * @description Needs an operator with the admin role (or admin).
         */
        get: operations["getOperatorOperators"];
        put?: never;
        /**
         * Create an operator (they sign in with this password and set up two-factor)
         * @description Needs an operator with the admin role (or admin).
         */
        post: operations["postOperatorOperators"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/operators/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an operator's role, or disable/enable them (their sessions end)
         * @description Needs an operator with the admin role (or admin).
         */
        patch: operations["patchOperatorOperatorsId"];
        trace?: never;
    };
    "/v1/operator/operators/{id}/reset-totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset an operator's two-factor: they enrol again at the next sign-in
         * @description Needs an operator with the admin role (or admin).
         */
        post: operations["postOperatorOperatorsIdResetTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Email that was not sent through SMTP (the operator outbox) */
        get: operations["getOperatorOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every published version of the Terms and the Privacy Policy, newest first */
        get: operations["getOperatorPolicies"];
        put?: never;
        /** Publish a new version of the Terms or the Privacy Policy (mails every user; material: everyone accepts again) */
        post: operations["postOperatorPolicies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/price-book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The price book (entries and the built-in list prices they override) */
        get: operations["getOperatorPriceBook"];
        /**
         * Set a price (country or *, sender type or *, unit)
         * @description Needs an operator with the admin role (or admin).
         */
        put: operations["putOperatorPriceBook"];
        post?: never;
        /**
         * Remove a price (the list price applies again)
         * @description Needs an operator with the admin role (or admin).
         */
        delete: operations["deleteOperatorPriceBook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account review queue: reviews (open by default) with the signals that crossed their thresholds, most recently updated first */
        get: operations["getOperatorReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review with its signals */
        get: operations["getOperatorReviewsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/reviews/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve a review without action (dismiss); acting on it is the account's enforcement */
        post: operations["postOperatorReviewsIdResolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/risk-thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The risk signals' thresholds in force (defaults with the operators' changes) */
        get: operations["getOperatorRiskThresholds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some thresholds (the others keep their values) */
        patch: operations["patchOperatorRiskThresholds"];
        trace?: never;
    };
    "/v1/operator/signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Operator sign-in, step 1: email and password (then a TOTP code, or enrolment first) */
        post: operations["postOperatorSignin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/signin/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Operator sign-in: set up two-factor (a new TOTP secret, its otpauth:// URI and QR code); the first code confirms it */
        post: operations["postOperatorSigninEnrol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/signin/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Operator sign-in, step 2: the TOTP code (a code already used is refused; failures lock the operator out) */
        post: operations["postOperatorSigninTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/signout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End this operator session
         * @description Needs an operator with the support role (or admin).
         */
        post: operations["postOperatorSignout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the bootstrap OPERATOR_TOKEN is still accepted */
        get: operations["getOperatorToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/token/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn the bootstrap OPERATOR_TOKEN off for good (an admin operator signed in with TOTP)
         * @description Needs an operator with the admin role (or admin).
         */
        post: operations["postOperatorTokenDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Business transfers, newest first */
        get: operations["getOperatorTransfers"];
        put?: never;
        /** Record a business transfer of an account or of the platform (notice by email and banner for 30 days) */
        post: operations["postOperatorTransfers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner-grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This account's grants to partners (revoked ones too)
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getPartnerGrants"];
        put?: never;
        /**
         * Grant a partner scoped, time-boxed access to this account
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postPartnerGrants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner-grants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A grant
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getPartnerGrantsId"];
        put?: never;
        post?: never;
        /**
         * Revoke a grant at once (the partner's people lose access on their next request)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deletePartnerGrantsId"];
        options?: never;
        head?: never;
        /**
         * Change a grant (the partner's next request sees it)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchPartnerGrantsId"];
        trace?: never;
    };
    "/v1/partner/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which of the partner's people work which client
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getPartnerAssignments"];
        put?: never;
        /**
         * Assign a partner agent to a client (partner managers)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postPartnerAssignments"];
        /**
         * Take a partner agent off a client (partner managers)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deletePartnerAssignments"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The client accounts your partner organisation serves (the account switcher)
         * @description Needs the viewer role or higher.
         */
        get: operations["getPartnerClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Conversations of every client you work now, each within its grant (masked as its grant says)
         * @description Needs the viewer role or higher.
         */
        get: operations["getPartnerQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/queue/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates of the combined queue (server-sent events)
         * @description Needs the viewer role or higher.
         */
        get: operations["getPartnerQueueStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Act in a served client account, or back in the partner account (this session)
         * @description Needs the viewer role or higher.
         */
        post: operations["postPartnerSwitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The outsourcing partners this account works with (it has granted access to)
         * @description Not a directory of every partner: a new partner is found by the id it gives you (GET /v1/partners/:id).
         *
         *     Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getPartners"];
        put?: never;
        /**
         * Create an outsourcing partner organisation (the operator, inviting its owner; or a partner manager, who owns it)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postPartners"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An outsourcing partner by the id it gave you (to grant it access)
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getPartnersId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the current version of the Terms and/or the Privacy Policy (recorded with time, IP and user agent)
         * @description Needs the viewer role or higher.
         */
        post: operations["postPoliciesAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/acceptance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The policy versions you still have to accept (a material change since you last accepted)
         * @description Needs the viewer role or higher.
         */
        get: operations["getPoliciesAcceptance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current terms and privacy policy versions */
        get: operations["getPoliciesCurrent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/provider-connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List provider connections
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getProviderConnections"];
        put?: never;
        /**
         * Connect a carrier account (tested on save)
         * @description The connection is stored even when its test fails (status `error` with the reason), so credentials can be fixed later. Credentials are encrypted at rest and never returned.
         *
         *     Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postProviderConnections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/provider-connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a provider connection
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getProviderConnectionsId"];
        put?: never;
        post?: never;
        /**
         * Delete a connection without numbers (409 connection_in_use otherwise)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteProviderConnectionsId"];
        options?: never;
        head?: never;
        /**
         * Rename, change settings, rotate credentials, disable or enable
         * @description New credentials or settings replace the stored ones and are tested again.
         *
         *     Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchProviderConnectionsId"];
        trace?: never;
    };
    "/v1/provider-connections/{id}/carrier-numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the numbers of the connection's carrier account (to import them)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getProviderConnectionsIdCarrierNumbers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/provider-connections/{id}/carrier-numbers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import the carrier account's existing numbers onto the connection
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each). A partner organisation's own account is refused (403 `partner_account`): it works its clients' accounts through their grants.
         */
        post: operations["postProviderConnectionsIdCarrierNumbersImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/provider-connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the connection again
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postProviderConnectionsIdTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * % of SLA targets met and CSAT scores, per agent, team or day
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getReportsSla"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's data retention rules
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getRetention"];
        /**
         * Set the account's data retention rules (null keeps the data)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putRetention"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dry run: what the daily retention job would redact, delete and erase now
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getRetentionPreview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List segments, oldest first
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSegments"];
        put?: never;
        /**
         * Create a segment
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postSegments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/segments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a segment
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSegmentsId"];
        put?: never;
        post?: never;
        /**
         * Delete a segment
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteSegmentsId"];
        options?: never;
        head?: never;
        /**
         * Update a segment
         * @description Needs the agent role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchSegmentsId"];
        trace?: never;
    };
    "/v1/segments/{id}/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count the contacts in a segment
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSegmentsIdCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/segments/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count the contacts matching a filter
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postSegmentsCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your signed-in sessions and devices (every account), the current one marked
         * @description Needs the viewer role or higher.
         */
        get: operations["getSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of your sessions (revoking the current one signs you out)
         * @description Needs the viewer role or higher.
         */
        delete: operations["deleteSessionsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your sign-in history: successes and failures, newest first (the last 100 at most)
         * @description Needs the viewer role or higher.
         */
        get: operations["getSessionsHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/revoke-others": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out everywhere else: revoke every other session of yours
         * @description Needs the viewer role or higher.
         */
        post: operations["postSessionsRevokeOthers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signup-form": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hosted sign-up form (404 until saved)
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSignupForm"];
        /**
         * Create or change the hosted sign-up form (each save is a new version)
         * @description Needs the admin role or higher. API keys need the `contacts:write` scope (GET /v1/api-keys/scopes describes each).
         */
        put: operations["putSignupForm"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signup-form/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A QR code of the sign-up form's address
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSignupFormQrSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/simulator/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Have the simulator deliver a customer's text to one of your simulator numbers
         * @description Needs the agent role or higher. API keys need the `messages:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postSimulatorInbound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sla-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SLA policies: the default one and per-team ones
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSlaPolicies"];
        put?: never;
        /**
         * Create an SLA policy (the default one, or one for a team); running timers follow it
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postSlaPolicies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sla-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an SLA policy; conversations fall back to the default policy
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteSlaPoliciesId"];
        options?: never;
        head?: never;
        /**
         * Change an SLA policy; the timers of open conversations are recomputed
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchSlaPoliciesId"];
        trace?: never;
    };
    "/v1/sla/breaches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open conversations whose SLA is breached or at risk (warned), most overdue first
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSlaBreaches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/inquiries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your inquiries in this account, last changed first
         * @description Needs the viewer role or higher.
         */
        get: operations["getSupportInquiries"];
        put?: never;
        /**
         * Write to the platform operator (a question, a bug report or feedback); a confirmation email follows
         * @description Needs the viewer role or higher.
         */
        post: operations["postSupportInquiries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/inquiries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of your inquiries with its replies
         * @description Needs the viewer role or higher.
         */
        get: operations["getSupportInquiriesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/inquiries/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer in your inquiry's thread (a closed one opens again)
         * @description Needs the viewer role or higher.
         */
        post: operations["postSupportInquiriesIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/inquiries/{id}/screenshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach a screenshot (PNG, JPEG or GIF, at most 5 MB, 3 a message) to your latest message of the thread
         * @description Needs the viewer role or higher.
         */
        post: operations["postSupportInquiriesIdScreenshots"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/inquiries/{id}/screenshots/{screenshotId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A screenshot of your inquiry
         * @description Needs the viewer role or higher.
         */
        get: operations["getSupportInquiriesIdScreenshotsScreenshotId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppressions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List suppressed (opted-out) numbers
         * @description Needs the viewer role or higher. API keys need the `contacts:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getSuppressions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List teams with their members
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getTeams"];
        put?: never;
        /**
         * Create a team
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postTeams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a team
         * @description Needs the viewer role or higher. API keys need the `messages:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getTeamsId"];
        put?: never;
        post?: never;
        /**
         * Delete a team (its conversations keep their assignee)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteTeamsId"];
        options?: never;
        head?: never;
        /**
         * Rename a team, switch its automatic assignment, replace its members
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchTeamsId"];
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This account's changes of owner (shown for 30 days, or until the owner accepted)
         * @description Needs the viewer role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getTransfers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The owner accepts the Privacy Policy under the new owner
         * @description Needs the owner role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postTransfersIdAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transparency-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Transparency report: legal requests by half-year (requests, accounts affected, disclosed or rejected) */
        get: operations["getTransparencyReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/twilio-compat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The Twilio-compatible API: account SID, base URL, when the auth token was issued
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getTwilioCompat"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/twilio-compat/auth-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a new Twilio-compatible auth token (shown once; the previous one stops working)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postTwilioCompatAuthToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/twilio-inbound-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Log of inbound texts posted to numbers' Twilio SMS URLs, newest first, with every attempt and what the TwiML answer did
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getTwilioInboundDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send one delivery again (same webhook-id and body)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postWebhookDeliveriesIdReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getWebhookEndpoints"];
        put?: never;
        /**
         * Create a webhook endpoint (its secret is shown once)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postWebhookEndpoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook endpoint
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getWebhookEndpointsId"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        delete: operations["deleteWebhookEndpointsId"];
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint (URL, event types, description, on/off)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        patch: operations["patchWebhookEndpointsId"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The endpoint's delivery log, newest first, with every attempt
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getWebhookEndpointsIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send again every delivery since a time (at most 10,000)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postWebhookEndpointsIdReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret (the old one keeps signing beside it during the overlap)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postWebhookEndpointsIdRotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reveal the endpoint's signing secret (audited)
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getWebhookEndpointsIdSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event (webhook.test) to the endpoint
         * @description Needs the admin role or higher. API keys need the `account:write` scope (GET /v1/api-keys/scopes describes each).
         */
        post: operations["postWebhookEndpointsIdTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event types an endpoint can receive
         * @description Needs the admin role or higher. API keys need the `account:read` scope (GET /v1/api-keys/scopes describes each).
         */
        get: operations["getWebhookEndpointsEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{kind}/{token}/{which}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A carrier's status callback or inbound text (signature-checked) */
        post: operations["postWebhooksKindTokenWhich"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcceptedPolicies: {
            accepted: {
                /** @enum {string} */
                kind: "terms" | "privacy";
                version: string;
            }[];
        };
        Account: {
            address: string | null;
            createdAt: string;
            /** @description ISO 3166-1 alpha-2, e.g. US */
            defaultCountry: string;
            id: string;
            industry: string | null;
            /**
             * @description partner: an outsourcing organisation serving client accounts
             * @enum {string}
             */
            kind: "business" | "partner";
            legalName: string | null;
            name: string;
            timeZone: string;
            /** @description The Twilio-compatible account SID (AC + 32 hex): the Basic user of /2010-04-01/Accounts/{AccountSid}/… */
            twilioAccountSid: string;
            website: string | null;
        };
        AccountBusinessTransfer: {
            /** @description the owner has yet to accept the privacy policy under the new owner */
            acceptanceRequired: boolean;
            acceptedAt: string | null;
            account: string | null;
            acquirer: string;
            createdAt: string;
            description: string;
            effectiveOn: string;
            id: string;
            kind: string;
            showUntil: string;
        };
        AccountDeletion: {
            /** @description A deletion is scheduled */
            pending: boolean;
            requestedAt: string | null;
            /** @description When everything in the account is erased (cancelable until then) */
            scheduledFor: string | null;
        };
        AccountNotice: {
            acknowledgedAt: string | null;
            body: string;
            createdAt: string;
            id: string;
            kind: string;
            title: string;
        };
        AccountTrustSafety: {
            actions: {
                action: string;
                createdAt: string;
                id: string;
                operator: string | null;
                reason: string;
                throttleMps: number | null;
            }[];
            holds: {
                id: string;
                kind: string;
                liftedAt: string | null;
                placedAt: string;
                reason: string;
            }[];
            reviews: components["schemas"]["RiskReview"][];
            sendingHeld: boolean;
            state: string;
            throttleMps: number | null;
        };
        Agent: {
            /** @enum {string} */
            availability: "online" | "away" | "offline";
            capacity: number | null;
            email: string;
            lastAssignedAt: string | null;
            name: string;
            /** @description Open conversations assigned to the agent now */
            openCount: number;
            /** @enum {string} */
            role: "viewer" | "agent" | "admin" | "owner";
            userId: string;
        };
        AnalyticsPoint: {
            averageResponseSeconds: number | null;
            /** @description USD, 4 decimal places */
            cost: string;
            delivered: number;
            failed: number;
            optIns: number;
            optOuts: number;
            period: string;
            received: number;
            responses: number;
            segmentsIn: number;
            segmentsOut: number;
            sent: number;
        };
        AnalyticsSummary: {
            campaigns: {
                clicks: number;
                cost: string;
                delivered: number;
                deliveredPercent: number | null;
                failed: number;
                id: string;
                name: string;
                optOutPercent: number | null;
                optOuts: number;
                recipients: number | null;
                sent: number;
                status: string | null;
            }[];
            cost: {
                amount: string;
                /** @constant */
                currency: "USD";
                source: string;
            };
            errors: {
                code: string;
                failed: number;
                share: number | null;
            }[];
            from: string;
            /** @enum {string} */
            granularity: "day" | "week" | "month";
            numberId: string | null;
            series: components["schemas"]["AnalyticsPoint"][];
            sla: {
                breached: number;
                /** @description Per agent who had the conversation when the target was decided (as GET /v1/reports/sla?groupBy=agent) */
                byAgent: {
                    breached: number;
                    /** @description usr_… / team_…; null: unassigned, no team */
                    id: string | null;
                    met: number;
                    name: string;
                    percentMet: number | null;
                    total: number;
                }[];
                /** @description Per team (as GET /v1/reports/sla?groupBy=team) */
                byTeam: {
                    breached: number;
                    /** @description usr_… / team_…; null: unassigned, no team */
                    id: string | null;
                    met: number;
                    name: string;
                    percentMet: number | null;
                    total: number;
                }[];
                met: number;
                percentMet: number | null;
                /** @constant */
                scope: "account";
                total: number;
            };
            /** @description The IANA zone whose days these are: the business hours' zone, else the account's */
            timeZone: string;
            to: string;
            /** @description Today's date in `timeZone` */
            today: string;
            totals: {
                averageResponseSeconds: number | null;
                /** @description USD, 4 decimal places */
                cost: string;
                delivered: number;
                /** @description % delivered of the texts with a final outcome (delivered + failed) */
                deliveryRate: number | null;
                failed: number;
                optIns: number;
                /** @description % opt-outs per text sent */
                optOutRate: number | null;
                optOuts: number;
                received: number;
                /** @description % of responses */
                respondedWithin: {
                    fiveMinutes: number | null;
                    oneDay: number | null;
                    oneHour: number | null;
                };
                responses: number;
                segmentsIn: number;
                segmentsOut: number;
                sent: number;
            };
        };
        ApiKey: {
            createdAt: string;
            id: string;
            lastUsedAt: string | null;
            /** @description The address of the last use (updated at most once a minute, with lastUsedAt) */
            lastUsedIp: string | null;
            name: string;
            prefix: string;
            revokedAt: string | null;
            scopes: string[];
            /** @description The key's Twilio-compatible SID (SK + 32 hex): twilio(twilioSid, key, {accountSid}) */
            twilioSid: string;
        };
        ApiScope: {
            description: string;
            scope: string;
        };
        Appeal: {
            accountId: string;
            accountName: string | null;
            createdAt: string;
            id: string;
            messages: {
                /** @enum {string} */
                author: "account" | "operator";
                authorName: string | null;
                body: string;
                createdAt: string;
                id: string;
            }[];
            /** @enum {string} */
            status: "open" | "closed";
            subject: string;
            updatedAt: string;
        };
        AppealSummary: {
            accountId: string;
            accountName: string | null;
            createdAt: string;
            id: string;
            /** @enum {string} */
            status: "open" | "closed";
            subject: string;
            updatedAt: string;
        };
        AuditCheckpoint: {
            accountId: string;
            /**
             * Format: date-time
             * @description when the checkpoint was issued
             */
            at: string;
            /** @description hash of the last entry (64 zeros for an empty chain) */
            hash: string;
            /** @description number of entries in the chain */
            seq: number;
            /** @description HMAC-SHA256 over the fields above, by the server's audit key */
            signature: string;
        };
        AuditCheckpointInput: {
            accountId: string;
            /**
             * Format: date-time
             * @description when the checkpoint was issued
             */
            at: string;
            /** @description hash of the last entry (64 zeros for an empty chain) */
            hash: string;
            /** @description number of entries in the chain */
            seq: number;
            /** @description HMAC-SHA256 over the fields above, by the server's audit key */
            signature: string;
        };
        AuditEvent: {
            action: string;
            actor: {
                id: string | null;
                label: string | null;
                type: string;
            };
            createdAt: string;
            details: {
                [key: string]: unknown;
            };
            id: string;
            ip: string | null;
            target: {
                /** @description the typed public id (ct_…, usr_…) where the target has one */
                id: string;
                /** @description what the target is called now (a contact's name, a member's email); null when it is gone */
                name: string | null;
                type: string;
            } | null;
            userAgent: string | null;
        };
        AuditVerification: {
            /** @description entries whose MAC and link were checked */
            checked: number;
            firstBrokenId?: string;
            /** @description where the intact part of the chain ends */
            head: {
                hash: string;
                seq: number;
            };
            ok: boolean;
            /**
             * @description hash_mismatch: an entry was changed or forged without the key; link_broken/sequence_gap: entries removed or reordered; head_mismatch: the stored head disagrees with the entries (tail deleted); checkpoint_signature_invalid: the checkpoint was not issued by this server or was edited; checkpoint_other_chain: it belongs to another account; behind_checkpoint: the chain is now shorter than the checkpoint (truncated); checkpoint_mismatch: the entry at the checkpoint differs (rewritten)
             * @enum {string}
             */
            reason?: "hash_mismatch" | "link_broken" | "sequence_gap" | "head_mismatch" | "checkpoint_signature_invalid" | "checkpoint_other_chain" | "behind_checkpoint" | "checkpoint_mismatch";
        };
        AuditVerifyRequest: {
            checkpoint?: components["schemas"]["AuditCheckpoint"];
        };
        AuditVerifyRequestInput: {
            checkpoint?: components["schemas"]["AuditCheckpointInput"];
        };
        BatchSendResult: {
            /** @description Why the recipient was refused (the codes of POST /v1/messages: invalid_phone, recipient_opted_out, …) */
            error?: {
                code: string;
                details: {
                    [key: string]: unknown;
                };
                message: string;
            };
            /** @description The position of the recipient in `messages` */
            index: number;
            /** @description The queued or scheduled message */
            message?: components["schemas"]["Message"];
            /** @enum {string} */
            status: "queued" | "scheduled" | "refused";
        };
        BatchSendResults: {
            queued: number;
            refused: number;
            /** @description One per recipient, in the order of `messages` */
            results: components["schemas"]["BatchSendResult"][];
            scheduled: number;
        };
        BillingBalance: {
            balance: string;
            balanceMicros: number;
            currency: string;
            /** @description Prepaid and exhausted: sending waits until a top-up */
            held: boolean;
            lowBalanceMicros: number;
            /** @description Credits are enforced for this account (its own setting, else BILLING_MODE) */
            prepaid: boolean;
            /** @description The account's own setting; null: BILLING_MODE decides */
            prepaidSetting: boolean | null;
        };
        BillingOverview: {
            balance: string;
            balanceMicros: number;
            currency: string;
            entries: components["schemas"]["CreditEntry"][];
            /** @description Prepaid and exhausted: sending waits until a top-up */
            held: boolean;
            lowBalanceMicros: number;
            /** @description Credits are enforced for this account (its own setting, else BILLING_MODE) */
            prepaid: boolean;
            /** @description The account's own setting; null: BILLING_MODE decides */
            prepaidSetting: boolean | null;
        };
        BillingUsage: {
            byCountry: {
                amountMicros: number;
                country: string;
                quantity: number;
                senderType: string;
                unit: string;
            }[];
            currency: string;
            days: {
                amount: string;
                amountMicros: number;
                day: string;
                inboundMms: number;
                inboundSms: number;
                mms: number;
                numberMonths: number;
                sms: number;
            }[];
            from: string;
            to: string;
            totals: {
                amount: string;
                amountMicros: number;
                inboundMms: number;
                inboundSms: number;
                mms: number;
                numberMonths: number;
                sms: number;
            };
        };
        BodyPreview: {
            body: string;
            /** @enum {string} */
            encoding: "GSM-7" | "UCS-2";
            remaining: number;
            segments: number;
            units: number;
        };
        BusinessHours: {
            effectiveTimeZone: string;
            hours: {
                day: number;
                end: string;
                start: string;
            }[];
            timeZone: string | null;
        };
        BusinessTransfer: {
            account: string | null;
            acquirer: string;
            createdAt: string;
            description: string;
            effectiveOn: string;
            id: string;
            kind: string;
        };
        Campaign: {
            abTest: {
                /**
                 * @description The winner: most recipients who clicked a link (or replied), per recipient
                 * @enum {string}
                 */
                metric: "clicks" | "replies";
                /** @description Pick the winner automatically this long after the start; absent: by hand (POST /v1/campaigns/:id/pick-winner) */
                pickAfterHours?: number;
                /** @description Share of the eligible audience, split evenly over the variants; the rest waits for the winner */
                samplePercent: number;
                variants: {
                    body: string;
                }[];
                /** @description The picked variant (index), null until picked */
                winner: number | null;
                winnerPickedAt: string | null;
            } | null;
            audience: components["schemas"]["CampaignAudience"];
            body: string;
            canceledAt: string | null;
            completedAt: string | null;
            createdAt: string;
            /** @description The sending number (pn_…) or number pool (pool_…); null: the first number at launch */
            from: string | null;
            id: string;
            launchedAt: string | null;
            /** @description MMS media every message carries (empty: SMS) */
            media: components["schemas"]["Media"][];
            name: string;
            /** @description Why and when the campaign was last paused (while paused) */
            paused: {
                at: string;
                /** @description A guardrail's figures: rate, threshold, count, sample, windowMinutes */
                details: {
                    [key: string]: unknown;
                } | null;
                /** @description manual, the guardrail that paused it (opt_out_rate, filtered_rate, failure_rate), or number_released (its number was released before its texts were written) */
                reason: string;
            } | null;
            progress: {
                /** @description Contacts matched at launch */
                audience: number | null;
                fannedOut: boolean;
                /** @description Messages in a final status */
                finished: number;
                /** @description Recipient rows written so far */
                materialised: number;
            };
            /** @description Messages per second at most (campaign rate cap); null: none */
            rateLimit: number | null;
            schedule: {
                /** @description The start (with a local time: the earliest zone's moment) */
                at: string;
                date?: string;
                localTime?: string;
            } | null;
            smartEncoding: boolean;
            stats: {
                canceled: number;
                /** @description Clicks on the campaign's short links (people, not link-preview bots) */
                clicks: number;
                /** @description What the texts handed to a carrier cost (segments × price by country and sender type), decimal */
                cost: string;
                /** @description The same in micro-units of the currency */
                costMicros: number;
                /** @constant */
                currency: "USD";
                delivered: number;
                failed: number;
                /** @description Recipients who opted out since the launch (people) */
                optOuts: number;
                queued: number;
                recipients: number;
                /** @description Recipients who texted in since the launch (people: one replying three times counts once) */
                replies: number;
                segments: number;
                sent: number;
                skipped: {
                    [key: string]: number;
                };
                undelivered: number;
                /** @description Recipients who clicked at least once */
                uniqueClicks: number;
            };
            /** @enum {string} */
            status: "draft" | "scheduled" | "running" | "paused" | "completed" | "canceled";
            /** @description URLs are shortened per recipient and their clicks counted */
            trackLinks: boolean;
            updatedAt: string;
        };
        CampaignAbTest: {
            /**
             * @description The winner: most recipients who clicked a link (or replied), per recipient
             * @enum {string}
             */
            metric: "clicks" | "replies";
            /** @description Pick the winner automatically this long after the start; absent: by hand (POST /v1/campaigns/:id/pick-winner) */
            pickAfterHours?: number;
            /** @description Share of the eligible audience, split evenly over the variants; the rest waits for the winner */
            samplePercent: number;
        };
        CampaignAbTestInput: {
            /**
             * @description The winner: most recipients who clicked a link (or replied), per recipient
             * @enum {string}
             */
            metric: "clicks" | "replies";
            /** @description Pick the winner automatically this long after the start; absent: by hand (POST /v1/campaigns/:id/pick-winner) */
            pickAfterHours?: number;
            /** @description Share of the eligible audience, split evenly over the variants; the rest waits for the winner */
            samplePercent: number;
        };
        /** @description Contacts in any of the segments, tags, imports or ids, minus the exclusions */
        CampaignAudience: {
            /** @description Public ids of contacts (ct_…) */
            contactIds?: string[];
            exclude?: {
                /** @description Leave out contacts texted (either way) in the last N days */
                contactedWithinDays?: number;
                /** @description Public ids of segments to leave out */
                segmentIds?: string[];
                tags?: string[];
            };
            /** @description Public ids of imports (imp_…) */
            importIds?: string[];
            /** @description Public ids of segments (seg_…) */
            segmentIds?: string[];
            tags?: string[];
        };
        CampaignAudienceCount: {
            eligible: number;
            matched: number;
            /** @description Counts by skip reason */
            skipped: {
                [key: string]: number;
            };
        };
        /** @description Contacts in any of the segments, tags, imports or ids, minus the exclusions */
        CampaignAudienceInput: {
            /** @description Public ids of contacts (ct_…) */
            contactIds?: string[];
            exclude?: {
                /** @description Leave out contacts texted (either way) in the last N days */
                contactedWithinDays?: number;
                /** @description Public ids of segments to leave out */
                segmentIds?: string[];
                tags?: string[];
            };
            /** @description Public ids of imports (imp_…) */
            importIds?: string[];
            /** @description Public ids of segments (seg_…) */
            segmentIds?: string[];
            tags?: string[];
        };
        CampaignAudienceSamples: {
            /** @description Eligible contacts of the audience (ct_…), for POST /v1/messages/preview contactIds */
            data: string[];
            /** @description The eligible recipient whose final text (merged, with sender identification) has the most segments; null without a body or recipients */
            worstCase: {
                contactId: string;
                /** @enum {string} */
                encoding: "GSM-7" | "UCS-2";
                /** @description Why this text could not be sent (launch would refuse it), or null */
                problem: ("empty_body" | "body_too_long" | "invalid_characters") | null;
                segments: number;
                units: number;
            } | null;
        };
        CampaignGuardrails: {
            /** @description Pause when failed or undelivered texts per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
            failureRate: number | null;
            /** @description Pause when carrier-filtered texts (Twilio 30007, SMPP rejections) per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
            filteredRate: number | null;
            /** @description Texts attempted within the window before any rate is judged */
            minSample: number;
            /** @description Pause when opt-outs per text sent within the window exceeds this fraction (0.0001–1); null: this check is off */
            optOutRate: number | null;
            /** @description The window the rates are measured over (minutes) */
            windowMinutes: number;
        };
        CampaignLink: {
            clicks: number;
            /** @description Distinct recipients who clicked */
            uniqueClicks: number;
            /** @description The destination */
            url: string;
        };
        CampaignRecipient: {
            contactId: string;
            messageId?: string;
            /** @description The contact's first and last name; null when it has none */
            name: string | null;
            /** @description The contact's phone, masked but for its last two digits (+•••••••••23); whole in the CSV export */
            phone: string | null;
            reason?: string;
            scheduledFor?: string;
            status: string;
            /** @description A/B test: the variant the recipient gets */
            variant?: number;
        };
        /** @description When to send; absent: at launch */
        CampaignSchedule: {
            /** Format: date-time */
            at: string;
        } | {
            /**
             * Format: date
             * @description The day (YYYY-MM-DD), in each recipient's zone
             */
            date: string;
            /** @description Wall-clock time in each recipient's zone (HH:MM) */
            localTime: string;
        };
        /** @description When to send; absent: at launch */
        CampaignScheduleInput: {
            /** Format: date-time */
            at: string;
        } | {
            /**
             * Format: date
             * @description The day (YYYY-MM-DD), in each recipient's zone
             */
            date: string;
            /** @description Wall-clock time in each recipient's zone (HH:MM) */
            localTime: string;
        };
        CampaignSettings: {
            /** @description Messages per second a campaign may send at most, on top of each number's throughput; null: no campaign cap */
            defaultRateLimit: number | null;
            /** @description At most this many marketing texts to a contact… */
            frequencyCap: number;
            /** @description …within this many days */
            frequencyDays: number;
            guardrails: components["schemas"]["CampaignGuardrails"];
        };
        CampaignSettingsPatch: {
            /** @description Messages per second a campaign may send at most, on top of each number's throughput; null: no campaign cap */
            defaultRateLimit?: number | null;
            frequencyCap?: number;
            frequencyDays?: number;
            guardrails?: {
                /** @description Pause when failed or undelivered texts per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
                failureRate?: number | null;
                /** @description Pause when carrier-filtered texts (Twilio 30007, SMPP rejections) per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
                filteredRate?: number | null;
                /** @description Texts attempted within the window before any rate is judged */
                minSample?: number;
                /** @description Pause when opt-outs per text sent within the window exceeds this fraction (0.0001–1); null: this check is off */
                optOutRate?: number | null;
                /** @description The window the rates are measured over (minutes) */
                windowMinutes?: number;
            };
        };
        CampaignSettingsPatchInput: {
            /** @description Messages per second a campaign may send at most, on top of each number's throughput; null: no campaign cap */
            defaultRateLimit?: number | null;
            frequencyCap?: number;
            frequencyDays?: number;
            guardrails?: {
                /** @description Pause when failed or undelivered texts per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
                failureRate?: number | null;
                /** @description Pause when carrier-filtered texts (Twilio 30007, SMPP rejections) per text attempted within the window exceeds this fraction (0.0001–1); null: this check is off */
                filteredRate?: number | null;
                /** @description Texts attempted within the window before any rate is judged */
                minSample?: number;
                /** @description Pause when opt-outs per text sent within the window exceeds this fraction (0.0001–1); null: this check is off */
                optOutRate?: number | null;
                /** @description The window the rates are measured over (minutes) */
                windowMinutes?: number;
            };
        };
        CampaignSummary: {
            abTest: {
                /**
                 * @description The winner: most recipients who clicked a link (or replied), per recipient
                 * @enum {string}
                 */
                metric: "clicks" | "replies";
                /** @description Pick the winner automatically this long after the start; absent: by hand (POST /v1/campaigns/:id/pick-winner) */
                pickAfterHours?: number;
                /** @description Share of the eligible audience, split evenly over the variants; the rest waits for the winner */
                samplePercent: number;
                variants: {
                    body: string;
                }[];
                /** @description The picked variant (index), null until picked */
                winner: number | null;
                winnerPickedAt: string | null;
            } | null;
            body: string;
            canceledAt: string | null;
            completedAt: string | null;
            createdAt: string;
            /** @description The sending number (pn_…) or number pool (pool_…); null: the first number at launch */
            from: string | null;
            id: string;
            launchedAt: string | null;
            /** @description MMS media every message carries (empty: SMS) */
            media: components["schemas"]["Media"][];
            name: string;
            /** @description Why and when the campaign was last paused (while paused) */
            paused: {
                at: string;
                /** @description A guardrail's figures: rate, threshold, count, sample, windowMinutes */
                details: {
                    [key: string]: unknown;
                } | null;
                /** @description manual, the guardrail that paused it (opt_out_rate, filtered_rate, failure_rate), or number_released (its number was released before its texts were written) */
                reason: string;
            } | null;
            progress: {
                /** @description Contacts matched at launch */
                audience: number | null;
                fannedOut: boolean;
                /** @description Messages in a final status */
                finished: number;
                /** @description Recipient rows written so far */
                materialised: number;
            };
            /** @description Messages per second at most (campaign rate cap); null: none */
            rateLimit: number | null;
            schedule: {
                /** @description The start (with a local time: the earliest zone's moment) */
                at: string;
                date?: string;
                localTime?: string;
            } | null;
            smartEncoding: boolean;
            /** @enum {string} */
            status: "draft" | "scheduled" | "running" | "paused" | "completed" | "canceled";
            /** @description URLs are shortened per recipient and their clicks counted */
            trackLinks: boolean;
            updatedAt: string;
        };
        CampaignTimeline: {
            /** @enum {string} */
            bucket: "minute" | "hour" | "day";
            /** @description Buckets with activity, oldest first (at most the last 2,000) */
            data: {
                delivered: number;
                /** @description Failed or undelivered */
                failed: number;
                /** @description Recipients who opted out during the bucket (people) */
                optOuts: number;
                /** @description Recipients who texted in during the bucket (people, not texts) */
                replies: number;
                sent: number;
                /** @description Start of the bucket (ISO 8601 UTC) */
                t: string;
            }[];
            /** @description The zone buckets are cut in (the account's) */
            timeZone: string;
        };
        CampaignVariants: {
            data: {
                body: string;
                /** @description Of them, who clicked a link (or replied) */
                hits: number;
                rate: number;
                /** @description Sample recipients texted this variant */
                recipients: number;
                variant: number;
            }[];
            /** @enum {string} */
            metric: "clicks" | "replies";
            samplePercent: number;
            winner: number | null;
            winnerPickedAt: string | null;
        };
        CannedReply: {
            body: string;
            createdAt: string;
            id: string;
            /** @description Partner agents: the contact fields their grant masks that the merge fields read (the reply is not rendered and cannot be inserted); [] for everyone else */
            maskedFields: ("name" | "email" | "phone" | "fields")[];
            /** @description With conversationId: the body with the contact's merge fields filled in (null for a partner agent when it reads a field their grant masks) */
            rendered: string | null;
            shortcut: string;
            updatedAt: string;
        };
        CarrierNumber: {
            mms: boolean;
            /** @description The number as attached to this account (pn_…), or null when not in use here */
            numberId: string | null;
            phoneNumber: string;
            /** @description long_code | toll_free | short_code */
            type: string;
        };
        CarrierShare: {
            connectionDeleted: boolean;
            /** @description The provider connection; null for the built-in simulator's numbers */
            connectionId: string | null;
            connectionName: string | null;
            firstAt: string;
            /** @description Messages received through this carrier */
            inbound: number;
            lastAt: string;
            /** @description Messages handed to this carrier */
            outbound: number;
            /** @description twilio | smpp | simulator */
            provider: string;
        };
        ComplianceSettings: {
            /**
             * @description When the business name and "Reply STOP to opt out" are added to marketing texts
             * @enum {string}
             */
            senderId: "first_message" | "always" | "never";
            sendHours: components["schemas"]["SendHours"] | null;
        };
        ComposedText: {
            /** @description The sample contact; null for the fallbacks-only sample */
            contactId: string | null;
            /** @enum {string} */
            encoding: "GSM-7" | "UCS-2";
            /** @description No text was sent to this contact before (sender identification rule `first_message`) */
            firstMessage: boolean;
            segments: number;
            /** @description Exactly what goes out: merged, with sender identification if due, smart-encoded if asked */
            text: string;
            units: number;
        };
        ConsentEvent: {
            contactId: string | null;
            /** @description wording, ip, userAgent, url, note, importId, messageId, userId where known */
            evidence: {
                [key: string]: unknown;
            };
            id: string;
            /** @description opt_in | opt_out */
            kind: string;
            occurredAt: string;
            phone: string | null;
            phoneHash: string;
            recordedBy: string | null;
            /** @description keyword | web_form | import | api | agent | carrier */
            source: string;
        };
        ConsentTimeline: {
            data: components["schemas"]["ConsentEvent"][];
            state: string;
            suppressed: boolean;
        };
        ConsoleAccount: {
            createdAt: string;
            id: string;
            kind: string;
            messagesLast30Days: {
                failed: number;
                inbound: number;
                outbound: number;
            };
            name: string;
            numbers: number;
            ownerEmail: string | null;
            status: string;
        };
        ConsoleAccountDetail: {
            account: {
                createdAt: string;
                defaultCountry: string;
                id: string;
                kind: string;
                legalName: string | null;
                name: string;
                status: string;
                timeZone: string;
                website: string | null;
            };
            connections: {
                createdAt: string;
                id: string;
                kind: string;
                lastErrorCode: string | null;
                name: string;
                status: string;
            }[];
            members: {
                email: string;
                id: string;
                name: string;
                role: string;
                since: string;
            }[];
            notes: components["schemas"]["OperatorNote"][];
            numbers: {
                createdAt: string;
                id: string;
                phoneNumber: string;
                provider: string;
                type: string;
            }[];
            /** @description Sections other modules add (e.g. signals, enforcement, billing) */
            sections: {
                [key: string]: unknown;
            };
            usage: {
                days: number;
                messages: {
                    failed: number;
                    inbound: number;
                    outbound: number;
                };
            };
        };
        Contact: {
            consent: {
                state: string;
                updatedAt: string | null;
            };
            country: string | null;
            createdAt: string;
            email: string | null;
            fields: {
                [key: string]: unknown;
            };
            firstName: string | null;
            id: string;
            lastMessageAt: string | null;
            lastName: string | null;
            notes: string | null;
            phone: string;
            phoneType: string | null;
            tags: string[];
            timeZone: string | null;
            timeZoneSource: string;
            updatedAt: string;
        };
        ContactPage: {
            data: components["schemas"]["Contact"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
            /** @description How many contacts match, over all pages (with total=true) */
            total?: number;
        };
        Conversation: {
            assignee: {
                id: string;
                name: string;
            } | null;
            contact: {
                consent: {
                    /** @enum {string} */
                    state: "opted_in" | "opted_out" | "unknown";
                };
                firstName: string | null;
                id: string;
                lastName: string | null;
                phone: string;
            };
            createdAt: string;
            id: string;
            labels: {
                color: string;
                id: string;
                name: string;
            }[];
            lastInboundAt: string | null;
            lastMessage: {
                body: string;
                direction: string | null;
                status: string | null;
            } | null;
            lastMessageAt: string | null;
            /** @description The customer texted last and nobody has answered yet */
            needsReply: boolean;
            number: {
                id: string;
                phoneNumber: string;
            };
            optedOut: boolean;
            snoozedUntil: string | null;
            /**
             * @description open | pending | snoozed | closed
             * @enum {string}
             */
            status: "open" | "pending" | "snoozed" | "closed";
            team: {
                id: string;
                name: string;
            } | null;
            /** @description The customer texted since I last opened it (or I marked it unread) */
            unread: boolean;
        };
        ConversationCounts: {
            closed: number;
            /** @description Open conversations assigned to me */
            mine: number;
            /** @description Open conversations whose customer texted last */
            needsReply: number;
            open: number;
            pending: number;
            snoozed: number;
            /** @description Open conversations assigned to nobody */
            unassigned: number;
            /** @description Open conversations unread by me */
            unread: number;
        };
        ConversationCsat: {
            answeredAt: string | null;
            score: number | null;
            sentAt: string | null;
            status: string;
        };
        ConversationPresence: {
            conversationId: string;
            name: string;
            since: string;
            /** @enum {string} */
            state: "viewing" | "typing";
            userId: string;
        };
        ConversationRead: {
            id: string;
            unread: boolean;
        };
        ConversationSla: {
            /** @description The CSAT survey after its close, if one was queued */
            csat: components["schemas"]["ConversationCsat"] | null;
            /** @description The policy the conversation follows now */
            policy: {
                id: string;
                name: string;
            } | null;
            targets: components["schemas"]["SlaTarget"][];
        };
        CreatedApiKey: {
            createdAt: string;
            id: string;
            /** @description Shown once; store it now */
            key: string;
            lastUsedAt: string | null;
            /** @description The address of the last use (updated at most once a minute, with lastUsedAt) */
            lastUsedIp: string | null;
            name: string;
            prefix: string;
            revokedAt: string | null;
            scopes: string[];
            /** @description The key's Twilio-compatible SID (SK + 32 hex): twilio(twilioSid, key, {accountSid}) */
            twilioSid: string;
        };
        CreatedWebhookEndpoint: {
            createdAt: string;
            description: string;
            disabledReason: ("gone" | "failing" | "user") | null;
            enabled: boolean;
            events: string[];
            failingSince: string | null;
            id: string;
            rotationEndsAt: string | null;
            /** @description whsec_… — shown here once; reveal it later with GET …/secret */
            secret: string;
            url: string;
        };
        CreditEntry: {
            amount: string;
            amountMicros: number;
            balanceAfterMicros: number;
            createdAt: string;
            currency: string;
            description: string | null;
            id: string;
            kind: ("topup" | "usage" | "adjustment") | string;
            provider: string | null;
            reference: string | null;
        };
        CsatSettings: {
            enabled: boolean;
            question: string;
            replyHours: number;
        };
        CustomField: {
            choices: string[];
            createdAt: string;
            id: string;
            key: string;
            label: string;
            /** @enum {string} */
            type: "text" | "number" | "date" | "boolean" | "choice";
        };
        DataExport: {
            createdAt: string;
            /** @description While completed and not expired: the ZIP, for its requester signed in to this account */
            downloadUrl: string | null;
            error: string | null;
            /** @description When the download link and the file go away */
            expiresAt: string | null;
            finishedAt: string | null;
            id: string;
            /** @description Percent of the rows written so far */
            progress: number;
            /** @enum {string} */
            scope: "account" | "me";
            /** @description Bytes of the ZIP once completed */
            size: number | null;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "expired";
        };
        DataRequest: {
            answer: string | null;
            answerChannels: string[];
            answeredAt: string | null;
            channel: string;
            closedAt: string | null;
            contactId: string | null;
            correction: {
                email?: string | null;
                firstName?: string | null;
                lastName?: string | null;
                text?: string;
            } | null;
            createdAt: string;
            denialReason: string | null;
            dueAt: string;
            email: string | null;
            extendedAt: string | null;
            extensionReason: string | null;
            id: string;
            note: string | null;
            overdue: boolean;
            phone: string | null;
            receivedAt: string;
            /** @enum {string} */
            regime: "gdpr" | "ccpa" | "other";
            /** @enum {string} */
            status: "received" | "verified" | "in_progress" | "completed" | "denied";
            /** @description The status trail (on GET of one request) */
            trail?: components["schemas"]["DataRequestEvent"][];
            /** @enum {string} */
            type: "access" | "correction" | "deletion" | "opt_out";
            updatedAt: string;
            verified: boolean;
            verifiedBy: string | null;
        };
        DataRequestEvent: {
            action: string;
            actor: {
                label: string | null;
                type: string;
            };
            at: string;
            fromStatus: string | null;
            reason: string | null;
            toStatus: string | null;
        };
        Destinations: {
            /** @description Countries allowed besides it */
            allowedCountries: string[];
            /** @description Every country texts may go to */
            effectiveCountries: string[];
            /** @description The account's own country (always allowed) */
            homeCountry: string;
        };
        Device: {
            browser: string | null;
            /** @description e.g. "Chrome 120 on macOS", parsed from the user agent */
            label: string;
            os: string | null;
            /** @description desktop | mobile | tablet | tv | bot */
            type: string | null;
        };
        EmailChanged: {
            email: string;
        };
        /** @description The request was refused: {error:{code,message,details}, requestId}. */
        Error: {
            error: {
                /** @description Stable machine-readable code, e.g. validation_failed, not_found. */
                code: string;
                details: {
                    [key: string]: unknown;
                };
                message: string;
            };
            requestId: string;
        };
        Holiday: {
            date: string;
            id: string;
            name: string;
        };
        Import: {
            createdAt: string;
            error: string | null;
            failed: number;
            filename: string;
            finishedAt: string | null;
            id: string;
            inserted: number;
            percent: number;
            processed: number;
            skipped: number;
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            total: number | null;
            updated: number;
        };
        ImportedNumbers: {
            imported: components["schemas"]["PhoneNumber"][];
            skipped: {
                phoneNumber: string;
                /** @enum {string} */
                reason: "already_attached" | "number_taken" | "number_not_on_carrier";
            }[];
        };
        ImportPreview: {
            delimiter: string;
            encoding: string;
            filename: string;
            headers: string[];
            /** @description Detected column index (0-based) per attribute; custom fields by key */
            mapping: {
                consent?: number;
                email?: number;
                fields: {
                    [key: string]: number;
                };
                firstName?: number;
                fullName?: number;
                lastName?: number;
                notes?: number;
                phone: number | null;
                tags?: number;
                timeZone?: number;
            };
            sampleRows: string[][];
            size: number;
            uploadId: string;
        };
        InboxSettings: {
            autoAssign: boolean;
            reassignAfterMinutes: number | null;
        };
        Inquiry: {
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "inquiry" | "bug" | "feedback";
            /** @enum {string} */
            status: "open" | "answered" | "closed";
            subject: string;
            updatedAt: string;
        };
        InquiryMessage: {
            /** @enum {string} */
            author: "user" | "operator";
            authorName: string | null;
            body: string;
            createdAt: string;
            screenshots: components["schemas"]["InquiryScreenshot"][];
        };
        InquiryScreenshot: {
            contentType: string;
            filename: string | null;
            id: string;
            size: number;
            /** @description Fetches the image (same authentication as the thread) */
            url: string;
        };
        InquiryThread: {
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "inquiry" | "bug" | "feedback";
            messages: components["schemas"]["InquiryMessage"][];
            /** @enum {string} */
            status: "open" | "answered" | "closed";
            subject: string;
            updatedAt: string;
        };
        Invitation: {
            createdAt: string;
            email: string;
            expiresAt: string;
            id: string;
            /** @enum {string} */
            role: "viewer" | "agent" | "admin" | "owner";
        };
        InvitationLookup: {
            accountName: string;
            email: string;
            /** @description The invited email already has a login: accept with its password */
            existingLogin: boolean;
            /** @enum {string} */
            role: "viewer" | "agent" | "admin" | "owner";
        };
        JoinKeyword: {
            /** @description The CTIA confirmation a joining customer gets */
            confirmationText: string;
            createdAt: string;
            doubleOptIn: boolean;
            frequency: string;
            id: string;
            numberId: string | null;
            phoneNumber: string | null;
            programName: string;
            tags: string[];
            updatedAt: string;
            word: string;
        };
        Label: {
            color: string;
            /** @description How many conversations carry it */
            conversations: number;
            createdAt: string;
            id: string;
            name: string;
        };
        LegalDocument: {
            /** @description Markdown */
            body: string;
            /** @description false for an earlier version */
            current: boolean;
            /** @description Every version of this document, newest first */
            history: components["schemas"]["PolicyVersion"][];
            /** @enum {string} */
            kind: "terms" | "privacy";
            lastUpdated: string;
            material: boolean;
            title: string;
            version: string;
        };
        LegalRequest: {
            accounts: {
                id: string;
                noticeSentAt: string | null;
            }[];
            authority: string;
            createdAt: string;
            disclosed: string;
            id: string;
            legalBasis: string;
            nonDisclosureOrder: {
                until: string | null;
            } | null;
            /** @enum {string} */
            outcome: "disclosed" | "partially_disclosed" | "rejected";
            receivedOn: string;
            scope: string;
        };
        LegalRequestPatch: {
            /** @description a non-disclosure order: the accounts' owners are told only after it ends; null when there is none */
            nonDisclosureOrder: {
                /** @description the order's end date; null: no end date (notice waits until the operator sets one) */
                until: string | null;
            } | null;
        };
        LegalRequestPatchInput: {
            /** @description a non-disclosure order: the accounts' owners are told only after it ends; null when there is none */
            nonDisclosureOrder: {
                /** @description the order's end date; null: no end date (notice waits until the operator sets one) */
                until: string | null;
            } | null;
        };
        LinkSettings: {
            /** @description Short links look like `<shortLinkBaseUrl>/<12-character code>` */
            shortLinkBaseUrl: string;
            /** @description The account's own short-link domain (its DNS points at this server); null: the platform's */
            shortLinkDomain: string | null;
            /** @description A click keeps the visitor's IP address (off: never stored) */
            trackClickIp: boolean;
            /** @description URLs in campaign texts are shortened per recipient and their clicks counted (a campaign may say otherwise with `trackLinks`) */
            trackLinks: boolean;
        };
        Me: {
            account: components["schemas"]["Account"];
            csrfToken: string | null;
            /** @description The accounts the signed-in person belongs to */
            memberships?: components["schemas"]["Membership"][];
            /** @description Set when the session acts in this (client) account through an outsourcing partner's grant */
            partner?: {
                id: string;
                maskedFields: string[];
                name: string;
                permissions: string[];
            } | null;
            /** @description A material change of the Terms or the Privacy Policy waits for this person's acceptance: the web app asks before anything else (never for an API key) */
            policyAcceptanceRequired: boolean;
            /** @description null when the caller is an API key */
            user: components["schemas"]["User"] | null;
        };
        Media: {
            contentType: string;
            /** @description Why an inbound file is missing (e.g. address_not_allowed, too_large) */
            error: string | null;
            /** @description null when an inbound file could not be fetched (see error) */
            id: string | null;
            size: number;
            url: string | null;
        };
        Membership: {
            accountId: string;
            accountName: string;
            /** @enum {string} */
            role: "viewer" | "agent" | "admin" | "owner";
        };
        Message: {
            body: string;
            contactId: string | null;
            conversationId: string | null;
            createdAt: string;
            deliveredAt: string | null;
            /** @description inbound | outbound */
            direction: string;
            /** @description GSM-7 | UCS-2 */
            encoding: string;
            errorCode: string | null;
            errorMessage: string | null;
            from: string;
            id: string;
            keyword: {
                /** @description opt_out | opt_in | help | custom */
                kind: string;
                word: string;
            } | null;
            /** @description conversational | marketing | keyword_reply */
            kind: string;
            /** @description MMS media, in order (empty for an SMS) */
            media: components["schemas"]["Media"][];
            segments: number;
            sendAt: string | null;
            sentAt: string | null;
            /** @description accepted | scheduled | queued | sending | sent | delivered | undelivered | failed | canceled | received */
            status: string;
            to: string;
        };
        MessageDetail: {
            body: string;
            contactId: string | null;
            conversationId: string | null;
            createdAt: string;
            deliveredAt: string | null;
            /** @description inbound | outbound */
            direction: string;
            /** @description GSM-7 | UCS-2 */
            encoding: string;
            errorCode: string | null;
            errorMessage: string | null;
            from: string;
            history: {
                at: string;
                errorCode: string | null;
                source: string;
                status: string;
            }[];
            id: string;
            keyword: {
                /** @description opt_out | opt_in | help | custom */
                kind: string;
                word: string;
            } | null;
            /** @description conversational | marketing | keyword_reply */
            kind: string;
            /** @description MMS media, in order (empty for an SMS) */
            media: components["schemas"]["Media"][];
            segments: number;
            sendAt: string | null;
            sentAt: string | null;
            /** @description accepted | scheduled | queued | sending | sent | delivered | undelivered | failed | canceled | received */
            status: string;
            to: string;
        };
        MessagePreview: {
            body: string;
            compose?: {
                /** @description recipients × the worst case's segments × the per-segment price for the account's country and the sender type */
                estimate: {
                    /** @description USD, 4 decimals */
                    cost: string;
                    /** @description USD × 10⁻⁶ */
                    costMicros: number;
                    /** @constant */
                    currency: "USD";
                    messages: number;
                    recipients: number;
                    segments: number;
                };
                samples: components["schemas"]["ComposedText"][];
                /** @enum {string} */
                senderId: "first_message" | "always" | "never";
                /** @description The costliest sample: most segments, then UCS-2, then most units */
                worst: components["schemas"]["ComposedText"];
            };
            /** @enum {string} */
            encoding: "GSM-7" | "UCS-2";
            remaining: number;
            segments: number;
            units: number;
        };
        NewBusinessTransfer: {
            /** @description the account that changes owner; null: the platform itself */
            account: string | null;
            acquirer: string;
            description: string;
            /** Format: date */
            effectiveOn: string;
            /** @enum {string} */
            kind: "merger" | "acquisition" | "asset_sale" | "other";
        };
        NewBusinessTransferInput: {
            /** @description the account that changes owner; null: the platform itself */
            account: string | null;
            acquirer: string;
            description: string;
            /** Format: date */
            effectiveOn: string;
            /** @enum {string} */
            kind: "merger" | "acquisition" | "asset_sale" | "other";
        };
        NewLegalRequest: {
            accounts: string[];
            /** @description who asked (court, agency, police force) */
            authority: string;
            /** @description what was handed over (empty when nothing was) */
            disclosed: string;
            /** @description the legal instrument (subpoena, court order, statute) */
            legalBasis: string;
            /** @description a non-disclosure order: the accounts' owners are told only after it ends; null when there is none */
            nonDisclosureOrder: {
                /** @description the order's end date; null: no end date (notice waits until the operator sets one) */
                until: string | null;
            } | null;
            /** @enum {string} */
            outcome: "disclosed" | "partially_disclosed" | "rejected";
            /** Format: date */
            receivedOn: string;
            /** @description what was asked for */
            scope: string;
        };
        NewLegalRequestInput: {
            accounts: string[];
            /** @description who asked (court, agency, police force) */
            authority: string;
            /** @description what was handed over (empty when nothing was) */
            disclosed: string;
            /** @description the legal instrument (subpoena, court order, statute) */
            legalBasis: string;
            /** @description a non-disclosure order: the accounts' owners are told only after it ends; null when there is none */
            nonDisclosureOrder: {
                /** @description the order's end date; null: no end date (notice waits until the operator sets one) */
                until: string | null;
            } | null;
            /** @enum {string} */
            outcome: "disclosed" | "partially_disclosed" | "rejected";
            /** Format: date */
            receivedOn: string;
            /** @description what was asked for */
            scope: string;
        };
        Note: {
            author: {
                id: string;
                name: string;
            } | null;
            body: string;
            conversationId: string;
            createdAt: string;
            id: string;
            mentions: {
                id: string;
                name: string;
            }[];
        };
        Notice: {
            body: string;
            href?: string | null;
            /** @description Stable: the web app remembers a dismissal by it */
            id: string;
            /** @description policy | transfer | … */
            kind: string;
            title: string;
            /** @description Shown until this time */
            until: string;
        };
        Notification: {
            actor: {
                id: string;
                name: string;
            } | null;
            contactName: string | null;
            conversationId: string | null;
            createdAt: string;
            /** @description The start of the note */
            excerpt: string | null;
            id: string;
            /** @description mention: a note mentions you */
            kind: string;
            noteId: string | null;
            read: boolean;
        };
        NotificationsPage: {
            data: components["schemas"]["Notification"][];
            unreadCount: number;
        };
        /** @description A number pool: a campaign from it texts each recipient from the same number every time (sticky sender) */
        NumberPool: {
            createdAt: string;
            id: string;
            name: string;
            /** @description The live numbers of the pool, in the order they joined */
            numbers: {
                id: string;
                phoneNumber: string;
            }[];
            updatedAt: string;
        };
        Operator: {
            createdAt: string;
            disabled: boolean;
            email: string;
            id: string;
            lockedUntil: string | null;
            name: string;
            /** @enum {string} */
            role: "support" | "trust_safety" | "admin";
            totpEnrolled: boolean;
        };
        OperatorAuditEntry: {
            action: string;
            actor: {
                id: string | null;
                label: string | null;
                type: string;
            };
            at: string;
            details: {
                [key: string]: unknown;
            };
            id: string;
            ip: string | null;
            seq: number;
            target: {
                id: string;
                type: string;
            } | null;
        };
        OperatorAuditPage: {
            data: components["schemas"]["OperatorAuditEntry"][];
            nextBefore: number | null;
        };
        OperatorAuditVerification: {
            checked: number;
            firstBrokenId: string | null;
            headSeq: number;
            ok: boolean;
            reason: string | null;
        };
        OperatorBootstrapInputInput: {
            /** Format: email */
            email: string;
            name: string;
            password: string;
        };
        OperatorCreateInputInput: {
            /** Format: email */
            email: string;
            name: string;
            password: string;
            /** @enum {string} */
            role: "support" | "trust_safety" | "admin";
        };
        OperatorEnrolment: {
            otpauthUri: string;
            /** @description the otpauth:// URI as a PNG QR code (data: URL) */
            qrDataUrl: string;
            /** @description base32, for typing into an authenticator app */
            secret: string;
        };
        OperatorInquiry: {
            account: {
                id: string;
                name: string | null;
            };
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "inquiry" | "bug" | "feedback";
            /** @enum {string} */
            status: "open" | "answered" | "closed";
            subject: string;
            updatedAt: string;
            user: {
                email: string | null;
                id: string | null;
                name: string | null;
            };
        };
        OperatorInquiryThread: {
            account: {
                id: string;
                name: string | null;
            };
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "inquiry" | "bug" | "feedback";
            messages: components["schemas"]["InquiryMessage"][];
            /** @enum {string} */
            status: "open" | "answered" | "closed";
            subject: string;
            updatedAt: string;
            user: {
                email: string | null;
                id: string | null;
                name: string | null;
            };
        };
        OperatorMe: {
            /** @description null when the bootstrap token is the caller */
            operator: components["schemas"]["Operator"] | null;
            /** @enum {string} */
            role: "support" | "trust_safety" | "admin";
            tokenEnabled: boolean;
            /** @enum {string} */
            via: "session" | "token";
        };
        OperatorNote: {
            body: string;
            createdAt: string;
            id: string;
            operator: {
                id: string;
                name: string;
            };
        };
        OperatorNoteBody: {
            body: string;
        };
        OperatorNoteBodyInput: {
            body: string;
        };
        OperatorPatchInputInput: {
            disabled?: boolean;
            /** @enum {string} */
            role?: "support" | "trust_safety" | "admin";
        };
        OperatorPolicy: {
            current: boolean;
            id: string;
            /** @enum {string} */
            kind: "terms" | "privacy";
            lastUpdated: string;
            material: boolean;
            publishedAt: string;
            title: string;
            version: string;
        };
        OperatorSignedIn: {
            csrfToken: string;
            expiresAt: string;
            operator: components["schemas"]["Operator"];
        };
        OperatorSignInInputInput: {
            email: string;
            password: string;
        };
        OperatorSignInStep: {
            csrfToken: string;
            name: string;
            /**
             * @description enrol: set up two-factor first (POST /v1/operator/signin/enrol), then send a code
             * @enum {string}
             */
            next: "totp" | "enrol";
        };
        OperatorTokenState: {
            disabledAt: string | null;
            enabled: boolean;
        };
        OperatorTotpInputInput: {
            code: string;
        };
        OutboxEmail: {
            createdAt: string;
            id: string;
            status: string;
            subject: string;
            text: string;
            to: string;
        };
        Partner: {
            createdAt: string;
            id: string;
            name: string;
        };
        PartnerAssignment: {
            client: {
                id: string;
                name: string;
            };
            createdAt: string;
            user: {
                id: string;
                name: string;
            };
        };
        PartnerClients: {
            /** @description The client account this session acts in; null: the partner account */
            actingIn: string | null;
            clients: components["schemas"]["ServedClient"][];
            partner: {
                id: string;
                name: string;
            };
            /** @description The caller's role in the partner organisation */
            role: string;
        };
        PartnerGrant: {
            /** @description The partner's people assigned to this account */
            agents: {
                id: string;
                name: string;
            }[];
            createdAt: string;
            expiresAt: string | null;
            hours: {
                days: number[];
                from: string;
                to: string;
            }[] | null;
            id: string;
            lastActivityAt: string | null;
            maskedFields: string[];
            numberIds: string[];
            partner: {
                id: string;
                name: string;
            };
            permissions: string[];
            revokedAt: string | null;
            /** @enum {string} */
            state: "active" | "revoked" | "expired" | "outside_hours";
            teamIds: string[];
            updatedAt: string;
        };
        PartnerQueueItem: {
            client: {
                id: string;
                name: string;
            };
            conversation: components["schemas"]["Conversation"];
        };
        PendingPolicy: {
            /** @enum {string} */
            kind: "terms" | "privacy";
            lastUpdated: string;
            title: string;
            url: string;
            version: string;
        };
        PhoneNumber: {
            /** @description The provider connection the number is on (null: the built-in simulator) */
            connectionId: string | null;
            createdAt: string;
            customKeywords: {
                /** @description opt_out | opt_in | help | custom */
                kind: string;
                reply?: string;
                word: string;
            }[];
            id: string;
            keywordReplies: {
                [key: string]: string;
            };
            /** @description Throughput limit, segments per second */
            mps: number;
            /**
             * @description provisioned: bought through West Message (a release gives it back to the carrier); attached: your carrier account's own (a release only detaches it)
             * @enum {string}
             */
            origin: "provisioned" | "attached";
            phoneNumber: string;
            provider: string;
            /** @description Where inbound texts are posted in Twilio's form (null: nowhere) */
            twilioSmsUrl: string | null;
            /** @description long_code | toll_free | short_code */
            type: string;
        };
        Policies: {
            attestationText: string;
            privacy: components["schemas"]["PolicyRef"];
            terms: components["schemas"]["PolicyRef"];
        };
        PolicyAcceptance: {
            documents: components["schemas"]["PendingPolicy"][];
            /** @description true: the web app asks the person to accept these before anything else */
            required: boolean;
        };
        PolicyRef: {
            lastUpdated: string;
            url: string;
            version: string;
        };
        PolicyVersion: {
            lastUpdated: string;
            material: boolean;
            publishedAt: string;
            url: string;
            version: string;
        };
        PriceBook: {
            currency: string;
            entries: components["schemas"]["PriceEntry"][];
            listPrices: components["schemas"]["PriceEntry"][];
        };
        PriceEntry: {
            country: string;
            currency: string;
            price: string;
            priceMicros: number;
            senderType: string;
            unit: string;
            updatedAt: string | null;
            updatedBy: string | null;
        };
        PriceOverrides: {
            currency: string;
            overrides: components["schemas"]["PriceEntry"][];
        };
        Profile: {
            /** @description A new email waiting for the link mailed to it (the same answer whether or not the address is free) */
            pendingEmail: string | null;
            user: components["schemas"]["User"];
        };
        ProviderConnection: {
            createdAt: string;
            /** @description The failover connection (null: none) */
            fallbackConnectionId: string | null;
            id: string;
            /** @enum {string} */
            kind: "twilio" | "smpp" | "simulator";
            lastCheckedAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            lastErrorCode: string | null;
            name: string;
            numbers: {
                id: string;
                phoneNumber: string;
            }[];
            /** @description The kind's settings (never a secret) */
            settings: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "connected" | "error" | "disabled";
            updatedAt: string;
            /** @description Where the carrier reports receipts and inbound texts (kinds with webhooks) */
            webhookUrls?: {
                inbound: string;
                status: string;
            };
        };
        ReleasedNumber: {
            /** @description Waiting texts canceled by the release */
            canceled: number;
            /**
             * @description releasing: bought through West Message, given back to the carrier; kept: attached, it stays yours at your carrier
             * @enum {string}
             */
            carrier: "releasing" | "kept";
            id: string;
            phoneNumber: string;
            releasedAt: string;
        };
        RetentionPreview: {
            /** @description the instant the counts were taken at */
            at: string;
            cutoffs: {
                exports: string | null;
                inactiveContacts: string | null;
                messageBodies: string | null;
                uploads: string | null;
            };
            /** @description exports expire on their own (their own expiry, set from exportDays) */
            exports: null;
            /** @description contacts it would erase */
            inactiveContacts: number;
            /** @description MMS uploads it would delete (past uploadDays, listed by no message and no unfinished campaign; a text whose body the run redacts frees its uploads only in the run) */
            mediaUploads: number;
            /** @description message bodies the daily job would redact now */
            messageBodies: number;
            /** @description uploaded files (import CSVs) it would delete */
            uploads: number;
        };
        RetentionRules: {
            /** @description days after which a data export expires; null keeps them */
            exportDays: number | null;
            /** @description months without a message or consent activity after which a contact is erased; null keeps them */
            inactiveContactMonths: number | null;
            /** @description days after which message bodies are redacted and their media deleted; null keeps them */
            messageBodyDays: number | null;
            /** @description days after which uploaded files are deleted: import CSVs, and MMS uploads (POST /v1/media) no message or unfinished campaign lists; null keeps them */
            uploadDays: number | null;
        };
        RetentionRulesInput: {
            /** @description days after which a data export expires; null keeps them */
            exportDays: number | null;
            /** @description months without a message or consent activity after which a contact is erased; null keeps them */
            inactiveContactMonths: number | null;
            /** @description days after which message bodies are redacted and their media deleted; null keeps them */
            messageBodyDays: number | null;
            /** @description days after which uploaded files are deleted: import CSVs, and MMS uploads (POST /v1/media) no message or unfinished campaign lists; null keeps them */
            uploadDays: number | null;
        };
        RetentionSettings: {
            defaults: {
                exportDays: number | null;
                inactiveContactMonths: number | null;
                messageBodyDays: number | null;
                uploadDays: number | null;
            };
            /** @description days after which a data export expires; null keeps them */
            exportDays: number | null;
            /** @description months without a message or consent activity after which a contact is erased; null keeps them */
            inactiveContactMonths: number | null;
            /** @description what the last daily run did, rule by rule */
            lastRun: {
                [key: string]: number;
            } | null;
            lastRunAt: string | null;
            /** @description days after which message bodies are redacted and their media deleted; null keeps them */
            messageBodyDays: number | null;
            /** @description days after which uploaded files are deleted: import CSVs, and MMS uploads (POST /v1/media) no message or unfinished campaign lists; null keeps them */
            uploadDays: number | null;
        };
        RevokedSessions: {
            revoked: number;
        };
        RiskReview: {
            accountId: string;
            accountName: string;
            accountStatus: string;
            enforcementState: string | null;
            id: string;
            openedAt: string;
            resolution: string | null;
            resolvedAt: string | null;
            signals: components["schemas"]["RiskSignal"][];
            /** @enum {string} */
            status: "open" | "dismissed" | "actioned";
            updatedAt: string;
        };
        RiskSignal: {
            /** @description the campaign (cmp_…) of a campaign signal; null: the account as a whole */
            campaignId: string | null;
            code: string;
            crossed: boolean;
            explanation: string;
            numbers: {
                [key: string]: number | string;
            };
            threshold: number;
            value: number;
        };
        RiskThresholds: {
            baselineDays?: number;
            carrierFilteredRate?: number;
            firstMessageStopHours?: number;
            firstMessageStopRate?: number;
            highCostPrefixes?: string[];
            highCostShare?: number;
            minSample?: number;
            noConsentShare?: number;
            optOutRate?: number;
            phishingShare?: number;
            sequentialRun?: number;
            sequentialShare?: number;
            shaftShare?: number;
            shortenerShare?: number;
            spikeFactor?: number;
            spikeMinVolume?: number;
            windowHours?: number;
        };
        RiskThresholdsInput: {
            baselineDays?: number;
            carrierFilteredRate?: number;
            firstMessageStopHours?: number;
            firstMessageStopRate?: number;
            highCostPrefixes?: string[];
            highCostShare?: number;
            minSample?: number;
            noConsentShare?: number;
            optOutRate?: number;
            phishingShare?: number;
            sequentialRun?: number;
            sequentialShare?: number;
            shaftShare?: number;
            shortenerShare?: number;
            spikeFactor?: number;
            spikeMinVolume?: number;
            windowHours?: number;
        };
        Segment: {
            createdAt: string;
            /** @description The saved filter: {match: all|any, conditions: [...]} (see the request body of POST /v1/segments) */
            filter: {
                [key: string]: unknown;
            };
            id: string;
            name: string;
            updatedAt: string;
        };
        /** @description The account's own sending hours for marketing texts, recipient local time (start inclusive, end exclusive) */
        SendHours: {
            end: string;
            start: string;
        };
        /** @description The account's own sending hours for marketing texts, recipient local time (start inclusive, end exclusive) */
        SendHoursInput: {
            end: string;
            start: string;
        };
        SendWindow: {
            allowed: boolean;
            /** @description ISO 8601 UTC */
            at: string;
            /** @description Marketing texts allowed per rolling 24 h to this number (3 in FL and OK), null: no statutory cap */
            maxPer24h: number | null;
            /** @description ISO 8601 UTC; equals `at` when allowed */
            nextAllowedAt: string;
            /** @description The number's region (ISO 3166-2, e.g. US-FL) when known */
            region: string | null;
            /** @enum {string} */
            rule: "TCPA" | "FL" | "OK" | "account";
            timeZone: string;
            /** @enum {string} */
            timeZoneSource: "request" | "contact" | "number" | "account";
        };
        ServedClient: {
            accountId: string;
            accountName: string;
            grantId: string;
            permissions: string[];
            /** @enum {string} */
            state: "active" | "revoked" | "expired" | "outside_hours";
            /** @description The grant lets the caller in now (not expired, within its hours) */
            workable: boolean;
        };
        Session: {
            account: components["schemas"]["Account"];
            csrfToken: string;
            /** @description Sign-in: a material policy change waits for this person's acceptance (GET /v1/policies/acceptance) */
            policyAcceptanceRequired?: boolean;
            user: components["schemas"]["User"];
        };
        SignedInSession: {
            /** @description The account the session acts in now */
            accountId: string;
            /** @description The session making this request */
            current: boolean;
            device: components["schemas"]["Device"];
            expiresAt: string;
            firstSeenAt: string;
            id: string;
            /** @description The address the session started from */
            ip: string | null;
            /** @description Updated at most once a minute */
            lastSeenAt: string;
            userAgent: string | null;
        };
        SignInEvent: {
            at: string;
            device: components["schemas"]["Device"];
            id: string;
            ip: string | null;
            /** @description password | signup | invitation (succeeded); invalid_credentials (failed) */
            method: string;
            /** @enum {string} */
            outcome: "succeeded" | "failed";
        };
        /** @description The same answer for every email: a link was mailed to the address; nothing exists until it is confirmed */
        SignupAccepted: {
            /** @constant */
            ok: true;
        };
        SignupConfirmed: {
            account: components["schemas"]["Account"];
            /** @description null when the address already had a login: no session is started, sign in with its password */
            csrfToken: string | null;
            /** @description The business was added to the login that already used this address */
            existingLogin: boolean;
            user: components["schemas"]["User"];
        };
        SignupForm: {
            askName: boolean;
            /** @enum {string} */
            confirmBy: "code" | "reply";
            consentWording: string;
            createdAt: string;
            description: string | null;
            embedOrigins: string[];
            enabled: boolean;
            frequency: string;
            id: string;
            numberId: string | null;
            phoneNumber: string | null;
            programName: string;
            slug: string;
            tags: string[];
            title: string;
            updatedAt: string;
            url: string;
            version: number;
        };
        SlaBreach: {
            assignee: {
                id: string;
                name: string;
            } | null;
            breachedAt: string | null;
            contact: {
                id: string;
                name: string | null;
                phone: string;
            };
            conversationId: string;
            conversationStatus: string;
            dueAt: string;
            /** @enum {string} */
            kind: "first_response" | "next_response" | "resolution";
            startedAt: string;
            /** @enum {string} */
            state: "breached" | "at_risk";
            team: {
                id: string;
                name: string;
            } | null;
        };
        SlaPolicy: {
            businessHours: boolean;
            createdAt: string;
            firstResponseMinutes: number | null;
            id: string;
            name: string;
            nextResponseMinutes: number | null;
            resolutionMinutes: number | null;
            team: {
                id: string;
                name: string;
            } | null;
            updatedAt: string;
            warnPercent: number;
        };
        SlaReport: {
            from: string;
            /** @enum {string} */
            groupBy: "agent" | "team" | "day" | "partner";
            rows: components["schemas"]["SlaReportRow"][];
            timeZone: string;
            to: string;
            totals: {
                breached: number;
                byKind: {
                    first_response: {
                        met: number;
                        total: number;
                    };
                    next_response: {
                        met: number;
                        total: number;
                    };
                    resolution: {
                        met: number;
                        total: number;
                    };
                };
                csat: {
                    average: number | null;
                    /** @description Replies scoring 1, 2, 3, 4, 5 */
                    distribution: number[];
                    responses: number;
                };
                met: number;
                percentMet: number | null;
                total: number;
            };
        };
        SlaReportRow: {
            breached: number;
            byKind: {
                first_response: {
                    met: number;
                    total: number;
                };
                next_response: {
                    met: number;
                    total: number;
                };
                resolution: {
                    met: number;
                    total: number;
                };
            };
            csat: {
                average: number | null;
                /** @description Replies scoring 1, 2, 3, 4, 5 */
                distribution: number[];
                responses: number;
            };
            /** @description Agent or team public id (null: none), or the local date */
            key: string | null;
            label: string;
            met: number;
            percentMet: number | null;
            total: number;
        };
        SlaTarget: {
            breachedAt: string | null;
            dueAt: string | null;
            /** @enum {string} */
            kind: "first_response" | "next_response" | "resolution";
            metAt: string | null;
            startedAt: string;
            /** @enum {string} */
            status: "active" | "met" | "breached" | "stopped";
            warnAt: string | null;
        };
        Statement: {
            accountId: string;
            accountName: string;
            closingBalanceMicros: number;
            currency: string;
            final: boolean;
            /** @description When it was issued (issued only) */
            issuedAt: string | null;
            lines: {
                amountMicros: number;
                country: string;
                quantity: number;
                senderType: string;
                unit: string;
                unitPriceMicros: number | null;
            }[];
            month: string;
            /** @description The statement number (issued only) */
            number: string | null;
            openingBalanceMicros: number;
            payments: {
                amountMicros: number;
                at: string;
                provider: string | null;
                reference: string | null;
            }[];
            paymentsTotalMicros: number;
            periodEnd: string;
            periodStart: string;
            prepaid: boolean;
            /**
             * @description issued: a closed month, stored once and never recomputed; preview: the month in progress, live, not an invoice
             * @enum {string}
             */
            status: "issued" | "preview";
            usageTotalMicros: number;
        };
        StatementList: {
            data: {
                final: boolean;
                month: string;
                /** @description The issued statement's number; null until issued */
                number: string | null;
            }[];
        };
        Subprocessor: {
            /** @enum {string} */
            category: "carrier" | "email" | "hosting";
            data: string;
            location: string;
            name: string;
            purpose: string;
            since: string;
        };
        Subprocessors: {
            /** @description Newest first */
            changes: {
                change: string;
                date: string;
            }[];
            data: components["schemas"]["Subprocessor"][];
            lastUpdated: string;
        };
        Suppression: {
            createdAt: string;
            phone: string | null;
            phoneHash: string;
            reason: string | null;
            source: string;
        };
        TagCounts: {
            data: {
                count: number;
                tag: string;
            }[];
        };
        Team: {
            autoAssign: boolean;
            createdAt: string;
            id: string;
            members: {
                id: string;
                name: string;
            }[];
            name: string;
        };
        TopUp: {
            balance: string;
            balanceMicros: number;
            currency: string;
            entryId: string;
            /** @description Prepaid and exhausted: sending waits until a top-up */
            held: boolean;
            lowBalanceMicros: number;
            /** @description Credits are enforced for this account (its own setting, else BILLING_MODE) */
            prepaid: boolean;
            /** @description The account's own setting; null: BILLING_MODE decides */
            prepaidSetting: boolean | null;
        };
        TransparencyReport: {
            generatedAt: string;
            periods: {
                accountsAffected: number;
                disclosed: number;
                from: string;
                partiallyDisclosed: number;
                /** @description half-year of receipt, e.g. 2026-H1 */
                period: string;
                rejected: number;
                requests: number;
                to: string;
            }[];
        };
        TwilioAuthToken: {
            accountSid: string;
            /** @description Shown once: it signs status callbacks and inbound webhooks (X-Twilio-Signature) and is a Basic password with the account SID */
            authToken: string;
            issuedAt: string;
        };
        TwilioInboundAttempt: {
            at: string;
            error: string | null;
            latencyMs: number;
            /** @description The answer (the TwiML), first 64 KB */
            responseExcerpt: string | null;
            statusCode: number | null;
            url: string;
        };
        TwilioInboundDelivery: {
            attemptLog: components["schemas"]["TwilioInboundAttempt"][];
            attempts: number;
            createdAt: string;
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            messageId: string;
            messageSid: string;
            nextAttemptAt: string | null;
            numberId: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            /** @description What the answer's TwiML did (null until a 2xx answer) */
            twiml: components["schemas"]["TwimlOutcome"] | null;
            url: string;
        };
        TwilioSettings: {
            /** @description The account SID (AC + 32 hex): the Basic user of the Twilio-compatible API */
            accountSid: string;
            /** @description When the current auth token was issued (null: none yet); the token itself is shown only when issued */
            authTokenIssuedAt: string | null;
            /** @description Point Twilio code here instead of https://api.twilio.com */
            baseUrl: string;
        };
        TwimlOutcome: {
            /** @description A TwiML problem with Twilio's error code (12100 not XML, 12200 not TwiML, 14109 more than 10 <Message> verbs: the rest refused) */
            error: {
                code: number;
                message: string;
            } | null;
            /** @description Verbs and attributes read but not carried out (e.g. Redirect) */
            ignored: string[];
            /** @description How many <Message> verbs the answer held (only the first 10 are sent) */
            messages: number;
            replies: {
                /** @description The reply queued (msg_…), or null */
                messageId: string | null;
                /** @description Why no reply was queued (e.g. recipient_opted_out, mms_not_supported, empty_body, auto_reply_limit) */
                reason: string | null;
            }[];
        };
        User: {
            createdAt: string;
            email: string;
            id: string;
            name: string;
            phone: string;
            /** @enum {string} */
            role: "viewer" | "agent" | "admin" | "owner";
        };
        WebhookAttempt: {
            at: string;
            error: string | null;
            latencyMs: number;
            requestHeaders: {
                [key: string]: string;
            };
            responseExcerpt: string | null;
            statusCode: number | null;
            url: string;
        };
        WebhookDelivery: {
            attemptLog: components["schemas"]["WebhookAttempt"][];
            attempts: number;
            createdAt: string;
            endpointId: string;
            eventType: string;
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            nextAttemptAt: string | null;
            payload: {
                [key: string]: unknown;
            };
            replayOf: string | null;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            webhookId: string;
        };
        WebhookEndpoint: {
            createdAt: string;
            description: string;
            disabledReason: ("gone" | "failing" | "user") | null;
            enabled: boolean;
            events: string[];
            failingSince: string | null;
            id: string;
            rotationEndsAt: string | null;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
        };
    };
    getJoinSlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The page */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    postJoinSlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    consent?: "yes" | "on" | true;
                    name?: string;
                    phone: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "code_sent" | "reply_requested" | "subscribed";
                        /** @description What POST /join/:slug/confirm takes with the code */
                        ticket?: string;
                    };
                };
            };
        };
    };
    postJoinSlugConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "code_sent" | "reply_requested" | "subscribed";
                        /** @description What POST /join/:slug/confirm takes with the code */
                        ticket?: string;
                    };
                };
            };
        };
    };
    getMediaAccountIdToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account: string;
                id: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/gif": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
            /** @description Unknown, forged or expired */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getPrivacySlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The page */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    postPrivacySlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "code_sent";
                        ticket: string;
                    };
                };
            };
        };
    };
    postPrivacySlugDownload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description The person's data: contact, messages and consent history as JSON and CSV (ZIP attachment) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
        };
    };
    postPrivacySlugRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email?: string;
                    firstName?: string;
                    lastName?: string;
                    text?: string;
                    ticket: string;
                    /** @enum {string} */
                    type: "access" | "correction" | "deletion" | "opt_out";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dueAt: string;
                        id: string;
                        status: string;
                        type: string;
                    };
                };
            };
        };
    };
    postPrivacySlugVerify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "verified";
                        ticket: string;
                    };
                };
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        database: "pglite" | "postgres";
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: false;
                        /** @enum {string} */
                        reason: "shutting_down" | "database_unreachable";
                    };
                };
            };
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: components["schemas"]["Account"];
                    };
                };
            };
        };
    };
    patchAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    address?: string | null;
                    industry?: string | null;
                    legalName?: string | null;
                    name?: string;
                    website?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: components["schemas"]["Account"];
                    };
                };
            };
        };
    };
    getAccountAppeals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AppealSummary"][];
                    };
                };
            };
        };
    };
    postAccountAppeals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Appeal"];
                };
            };
        };
    };
    getAccountAppealsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Appeal"];
                };
            };
        };
    };
    postAccountAppealsIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Appeal"];
                };
            };
        };
    };
    getAccountDeletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountDeletion"];
                };
            };
        };
    };
    postAccountDeletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountDeletion"];
                };
            };
        };
    };
    deleteAccountDeletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getAccountDestinations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Destinations"];
                };
            };
        };
    };
    putAccountDestinations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ISO 3166-1 alpha-2 codes, e.g. ["CA", "MX"]; the account's own country is always allowed */
                    allowedCountries: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Destinations"];
                };
            };
        };
    };
    getAccountNotices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AccountNotice"][];
                        /** @description queued messages wait (a sending hold: suspension or exhausted credits) */
                        sendingHeld: boolean;
                        /** @description active | warned | throttled | suspended | terminated */
                        state: string;
                    };
                };
            };
        };
    };
    postAccountNoticesIdAcknowledge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getAccountSubprocessors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        carriers: components["schemas"]["CarrierShare"][];
                        publicList: string;
                    };
                };
            };
        };
    };
    postAccountTransferOwnership: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    userId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Agent"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    patchAgentsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    availability?: "online" | "away" | "offline";
                    /** @description The most open conversations automatic assignment gives this agent; null: no limit */
                    capacity?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
        };
    };
    getAnalyticsExportCsv: {
        parameters: {
            query?: {
                /** @description First day (YYYY-MM-DD), inclusive: a local day of the account's zone (`timeZone` of the answer); with `to`, or neither: the last 30 days up to today there */
                from?: string;
                granularity?: "day" | "week" | "month";
                /** @description Only this sending number (pn_…) */
                numberId?: string;
                /** @description Last day (YYYY-MM-DD), inclusive; at most 400 days after `from` */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The analytics series (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getAnalyticsSummary: {
        parameters: {
            query?: {
                /** @description First day (YYYY-MM-DD), inclusive: a local day of the account's zone (`timeZone` of the answer); with `to`, or neither: the last 30 days up to today there */
                from?: string;
                granularity?: "day" | "week" | "month";
                /** @description Only this sending number (pn_…) */
                numberId?: string;
                /** @description Last day (YYYY-MM-DD), inclusive; at most 400 days after `from` */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSummary"];
                };
            };
        };
    };
    getApiKeys: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    scopes?: ("account:read" | "account:write" | "api_keys:write" | "audit:read" | "contacts:read" | "contacts:write" | "contacts:export" | "imports:write" | "messages:read" | "messages:write")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
        };
    };
    deleteApiKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getApiKeysScopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiScope"][];
                    };
                };
            };
        };
    };
    getAuditEvents: {
        parameters: {
            query?: {
                /** @description an action (contact.viewed), or a prefix ending with a dot (contact.) */
                action?: string;
                /** @description a user or API key id (usr_…, key_…) */
                actor?: string;
                actorType?: "user" | "api_key" | "system" | "operator" | "anonymous" | "partner";
                cursor?: string;
                /** @description from this date or time (inclusive) */
                from?: string;
                limit?: number;
                /** @description a typed id (ct_…, usr_…, cmp_…): events about that one target */
                target?: string;
                targetType?: string;
                /** @description up to this date (the whole day) or time (inclusive) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEvent"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getAuditEventsCsv: {
        parameters: {
            query?: {
                /** @description an action (contact.viewed), or a prefix ending with a dot (contact.) */
                action?: string;
                /** @description a user or API key id (usr_…, key_…) */
                actor?: string;
                actorType?: "user" | "api_key" | "system" | "operator" | "anonymous" | "partner";
                /** @description from this date or time (inclusive) */
                from?: string;
                /** @description a typed id (ct_…, usr_…, cmp_…): events about that one target */
                target?: string;
                targetType?: string;
                /** @description up to this date (the whole day) or time (inclusive) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Audit events (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getAuditEventsVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
        };
    };
    getAuditCheckpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditCheckpoint"];
                };
            };
        };
    };
    postAuditVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuditVerifyRequestInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
        };
    };
    postAuthEmailChangeConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailChanged"];
                };
            };
        };
    };
    postAuthLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    postAuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postAuthPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postAuthPasswordResetConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postAuthPasswordResetRequest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Accepted (the same answer whether or not the email is known) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
        };
    };
    postAuthSignup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    acceptTerms?: boolean;
                    attestConsent?: boolean;
                    business: {
                        address?: string;
                        industry?: string;
                        legalName?: string;
                        name: string;
                        website?: string;
                    };
                    owner: {
                        email: string;
                        name: string;
                        password: string;
                        phone: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupAccepted"];
                };
            };
        };
    };
    postAuthSignupConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupConfirmed"];
                };
            };
        };
    };
    postAuthSwitch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accountId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    getBilling: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingOverview"];
                };
            };
        };
    };
    getBillingStatements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementList"];
                };
            };
        };
    };
    getBillingStatementsMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
        };
    };
    getBillingStatementsMonthCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The statement (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getBillingStatementsMonthPdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The statement (PDF, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
        };
    };
    getBillingUsage: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingUsage"];
                };
            };
        };
    };
    getBusinessHours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessHours"];
                };
            };
        };
    };
    putBusinessHours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Opening intervals; empty: open around the clock */
                    hours: {
                        /** @description ISO weekday: 1 = Monday … 7 = Sunday */
                        day: number;
                        /** @description HH:mm local; 24:00 = midnight */
                        end: string;
                        /** @description HH:mm local */
                        start: string;
                    }[];
                    /** @description IANA zone; null: the account's time zone */
                    timeZone: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessHours"];
                };
            };
        };
    };
    getCampaignSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignSettings"];
                };
            };
        };
    };
    patchCampaignSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CampaignSettingsPatchInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignSettings"];
                };
            };
        };
    };
    getCampaigns: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CampaignSummary"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    abTest?: components["schemas"]["CampaignAbTestInput"];
                    audience: components["schemas"]["CampaignAudienceInput"];
                    /** @description The text (required unless variants are given: then it is the first variant) */
                    body?: string;
                    /** @description A number of the account (pn_… or E.164) or a number pool (pool_…, sticky sender); default the first number */
                    from?: string;
                    /** @description MMS: uploads (POST /v1/media) attached to every message */
                    mediaIds?: string[];
                    /** @description MMS: images (JPEG, PNG, GIF) fetched once by the server and attached to every message; at most 10 with mediaIds */
                    mediaUrls?: string[];
                    name: string;
                    /** @description Messages per second at most for this campaign, on top of each number's throughput; absent: the account's default (/v1/campaign-settings), null: no cap */
                    rateLimit?: number | null;
                    schedule?: components["schemas"]["CampaignScheduleInput"] | null;
                    smartEncoding?: boolean;
                    /** @description URLs are shortened per recipient and clicks counted; default: the account's link setting (/v1/links/settings) */
                    trackLinks?: boolean;
                    /** @description A/B test: the texts to test (2–5), with abTest */
                    variants?: {
                        /** @description The text; merge fields as {{first_name}} or {{first_name|fallback}} */
                        body: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    getCampaignsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    patchCampaignsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    abTest?: components["schemas"]["CampaignAbTestInput"];
                    audience?: components["schemas"]["CampaignAudienceInput"];
                    /** @description The text (required unless variants are given: then it is the first variant) */
                    body?: string;
                    /** @description A number of the account (pn_… or E.164) or a number pool (pool_…, sticky sender); default the first number */
                    from?: string;
                    /** @description MMS: uploads (POST /v1/media) attached to every message */
                    mediaIds?: string[];
                    /** @description MMS: images (JPEG, PNG, GIF) fetched once by the server and attached to every message; at most 10 with mediaIds */
                    mediaUrls?: string[];
                    name?: string;
                    /** @description Messages per second at most for this campaign, on top of each number's throughput; absent: the account's default (/v1/campaign-settings), null: no cap */
                    rateLimit?: number | null;
                    schedule?: components["schemas"]["CampaignScheduleInput"] | null;
                    smartEncoding?: boolean;
                    /** @description URLs are shortened per recipient and clicks counted; default: the account's link setting (/v1/links/settings) */
                    trackLinks?: boolean;
                    /** @description A/B test: the texts to test (2–5), with abTest */
                    variants?: {
                        /** @description The text; merge fields as {{first_name}} or {{first_name|fallback}} */
                        body: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    postCampaignsIdCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    postCampaignsIdLaunch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    getCampaignsIdLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CampaignLink"][];
                    };
                };
            };
        };
    };
    postCampaignsIdPause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    postCampaignsIdPickWinner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    variant: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    getCampaignsIdRecipients: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                reason?: "invalid_phone" | "landline" | "opted_out" | "no_consent" | "frequency_cap" | "destination_not_allowed";
                status?: "queued" | "skipped" | "sent" | "delivered" | "undelivered" | "failed" | "canceled";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CampaignRecipient"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getCampaignsIdRecipientsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The campaign's recipients (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    postCampaignsIdResume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
        };
    };
    getCampaignsIdTimeline: {
        parameters: {
            query?: {
                /** @description Bucket size; days are cut in the account's time zone */
                bucket?: "minute" | "hour" | "day";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignTimeline"];
                };
            };
        };
    };
    getCampaignsIdVariants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignVariants"];
                };
            };
        };
    };
    postCampaignsAudienceCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    audience: components["schemas"]["CampaignAudienceInput"];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignAudienceCount"];
                };
            };
        };
    };
    postCampaignsAudienceSamples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    audience: components["schemas"]["CampaignAudienceInput"];
                    /** @description With a body: also the recipient whose final text is the costliest */
                    body?: string;
                    /** @description Sample contacts to return (default 3) */
                    limit?: number;
                    smartEncoding?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignAudienceSamples"];
                };
            };
        };
    };
    getCannedReplies: {
        parameters: {
            query?: {
                /** @description Render each reply's merge fields for this conversation's contact */
                conversationId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CannedReply"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postCannedReplies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The text, with merge fields like {{first_name|there}} or a custom field key */
                    body: string;
                    /** @description What the agent types after "/" (lowercase letters, digits, - and _) */
                    shortcut: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReply"];
                };
            };
        };
    };
    deleteCannedRepliesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchCannedRepliesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The text, with merge fields like {{first_name|there}} or a custom field key */
                    body?: string;
                    /** @description What the agent types after "/" (lowercase letters, digits, - and _) */
                    shortcut?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReply"];
                };
            };
        };
    };
    postComplianceSendWindow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description The moment asked about (ISO 8601)
                     */
                    at: string;
                    /** @description IANA zone; default: the contact's, else the number's (area code), else the account's */
                    timeZone?: string;
                    /** @description The recipient, E.164 or national in the account's country */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendWindow"];
                };
            };
        };
    };
    getComplianceSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceSettings"];
                };
            };
        };
    };
    patchComplianceSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    senderId?: "first_message" | "always" | "never";
                    sendHours?: components["schemas"]["SendHoursInput"] | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceSettings"];
                };
            };
        };
    };
    getConsentExport: {
        parameters: {
            query?: {
                format?: "csv" | "json";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Consent evidence as a JSON array or a CSV file (by `format`), sent as an attachment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                    "text/csv": string;
                };
            };
        };
    };
    getContacts: {
        parameters: {
            query?: {
                cursor?: string;
                field?: string;
                limit?: number;
                query?: string;
                segment?: string;
                /** @description Order of the list: created_desc (default), created_asc, name_asc, name_desc, last_message_desc, last_message_asc */
                sort?: "created_desc" | "created_asc" | "name_asc" | "name_desc" | "last_message_desc" | "last_message_asc";
                tag?: string;
                /** @description true: the answer carries `total`, how many contacts match (all pages) */
                total?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPage"];
                };
            };
        };
    };
    postContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    defaultCountry?: string;
                    email?: (string | null) | "";
                    fields?: {
                        [key: string]: unknown;
                    };
                    firstName?: string | null;
                    lastName?: string | null;
                    notes?: string | null;
                    phone: string;
                    tags?: string[];
                    timeZone?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
        };
    };
    getContactsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
        };
    };
    deleteContactsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchContactsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    defaultCountry?: string;
                    email?: (string | null) | "";
                    fields?: {
                        [key: string]: unknown;
                    };
                    firstName?: string | null;
                    lastName?: string | null;
                    notes?: string | null;
                    phone?: string;
                    tags?: string[];
                    timeZone?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
        };
    };
    getContactsIdConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentTimeline"];
                };
            };
        };
    };
    postContactsIdConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default {} */
                    evidence?: {
                        ip?: string;
                        note?: string;
                        /** Format: date-time */
                        occurredAt?: string;
                        url?: string;
                        userAgent?: string;
                        wording?: string;
                    };
                    /** @enum {string} */
                    kind: "opt_in" | "opt_out";
                    /** @enum {string} */
                    source: "api" | "agent" | "web_form";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentTimeline"];
                };
            };
        };
    };
    getContactsIdConsentExport: {
        parameters: {
            query?: {
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Consent evidence as a JSON array or a CSV file (by `format`), sent as an attachment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                    "text/csv": string;
                };
            };
        };
    };
    postContactsBulk: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "tag" | "untag" | "delete";
                    selection: {
                        all?: boolean;
                        ids?: string[];
                        query?: string;
                        segment?: string;
                        tag?: string;
                    };
                    tags?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        affected: number;
                    };
                };
            };
        };
    };
    postContactsExport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    all?: boolean;
                    ids?: string[];
                    query?: string;
                    segment?: string;
                    tag?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The selected contacts (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getContactsTags: {
        parameters: {
            query?: {
                limit?: number;
                prefix?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagCounts"];
                };
            };
        };
    };
    getConversations: {
        parameters: {
            query?: {
                /** @description `me`, `none` (unassigned) or a user id */
                assignee?: string;
                contactId?: string;
                cursor?: string;
                label?: string;
                limit?: number;
                numberId?: string;
                /** @description Words in a message, or part of the contact's name, email or number; case and accents do not matter */
                search?: string;
                since?: string;
                /** @description Default open */
                state?: "open" | "pending" | "snoozed" | "closed" | "all";
                /** @description Older name of state */
                status?: "open" | "pending" | "snoozed" | "closed" | "all";
                /** @description `mine` (the teams I am in) or a team id */
                team?: string;
                /** @description Only conversations unread (true) or read (false) by me */
                unread?: "true" | "false";
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Conversation"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getConversationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
        };
    };
    patchConversationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description With status snoozed: when it wakes; without it, it wakes when the customer texts */
                    snoozedUntil?: string | null;
                    /** @enum {string} */
                    status: "open" | "pending" | "snoozed" | "closed";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
        };
    };
    postConversationsIdAssign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description Both absent or null: un-assign */
        requestBody: {
            content: {
                "application/json": {
                    /** @description A team; alone, its next agent by round-robin when the team assigns automatically */
                    teamId?: string | null;
                    /** @description An agent (a member with the agent role or higher; in the team when one is given) */
                    userId?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
        };
    };
    putConversationsIdLabels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    labelIds: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
        };
    };
    getConversationsIdMessages: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Message"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postConversationsIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    mediaIds?: string[];
                    mediaUrls?: string[];
                    smartEncoding?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getConversationsIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Note"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postConversationsIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The note. Mention a member with @ and their name (e.g. "@Ana Lima"), first name or email name */
                    body: string;
                    /** @description Members to mention besides those named with @ in the body */
                    mentionUserIds?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Note"];
                };
            };
        };
    };
    getConversationsIdPresence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ConversationPresence"][];
                    };
                };
            };
        };
    };
    postConversationsIdPresence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Send `viewing` every few seconds while the conversation is open, `typing` while writing, `left` on leaving
                     * @enum {string}
                     */
                    state: "viewing" | "typing" | "left";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ConversationPresence"][];
                    };
                };
            };
        };
    };
    postConversationsIdRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description true: mark unread for me (until I open it again); default false: mark read */
                    unread?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationRead"];
                };
            };
        };
    };
    getConversationsIdSla: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationSla"];
                };
            };
        };
    };
    getConversationsIdStream: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server-sent events: `message.created`, `message.status`, `consent.changed`… Each event has an `id` (send it back as `Last-Event-ID` to resume) and JSON `data`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    getConversationsCounts: {
        parameters: {
            query?: {
                /** @description `me`, `none` (unassigned) or a user id */
                assignee?: string;
                contactId?: string;
                label?: string;
                numberId?: string;
                /** @description Words in a message, or part of the contact's name, email or number; case and accents do not matter */
                search?: string;
                since?: string;
                /** @description `mine` (the teams I am in) or a team id */
                team?: string;
                /** @description Only conversations unread (true) or read (false) by me */
                unread?: "true" | "false";
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationCounts"];
                };
            };
        };
    };
    getConversationsStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server-sent events of every conversation of the account: each outbox event about a conversation (`message.received`, `message.status_changed`, `message.redacted`, `message.deleted`, `conversation.updated`, `conversation.assigned`, `conversation.note_added`, …) with `data` `{conversationId, messageId?, status?, previousStatus?}`, and `presence` events `{people: [{conversationId, userId, name, state}]}` when who is viewing or typing changes. Each event has an `id`: send it back as `Last-Event-ID` to resume. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    getCsatSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsatSettings"];
                };
            };
        };
    };
    putCsatSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    /** @description The text sent after a close; it should ask for a reply 1–5 */
                    question?: string;
                    /** @description How long after the survey a reply 1–5 counts as the score */
                    replyHours?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsatSettings"];
                };
            };
        };
    };
    getCustomFields: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomField"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postCustomFields: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    choices?: string[];
                    key?: string;
                    label: string;
                    /** @enum {string} */
                    type: "text" | "number" | "date" | "boolean" | "choice";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomField"];
                };
            };
        };
    };
    deleteCustomFieldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchCustomFieldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    choices?: string[];
                    label?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomField"];
                };
            };
        };
    };
    getDataRequests: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description true: only open requests past their due date */
                overdue?: "true" | "false";
                status?: "received" | "verified" | "in_progress" | "completed" | "denied";
                type?: "access" | "correction" | "deletion" | "opt_out";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DataRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postDataRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How the business received the request
                     * @enum {string}
                     */
                    channel: "phone" | "email" | "other";
                    correction?: {
                        email?: string | null;
                        firstName?: string | null;
                        lastName?: string | null;
                        /** @description What the person asks to correct, in their words */
                        text?: string;
                    };
                    /** Format: email */
                    email?: string;
                    note?: string;
                    /** @description The person's number, any format */
                    phone?: string;
                    /**
                     * Format: date-time
                     * @description When the business received it (default now; not in the future): the due date counts from it
                     */
                    receivedAt?: string;
                    /**
                     * @description Sets the due date (GDPR one month, CCPA 45 days, other one month); default from the account's country
                     * @enum {string}
                     */
                    regime?: "gdpr" | "ccpa" | "other";
                    /** @enum {string} */
                    type: "access" | "correction" | "deletion" | "opt_out";
                    /** @description The business already verified the person's identity */
                    verified?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataRequest"];
                };
            };
        };
    };
    getDataRequestsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataRequest"];
                };
            };
        };
    };
    patchDataRequestsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The answer sent to the person when the request is completed or denied (default: a standard text) */
                    answer?: string;
                    /** @description Extend the due date once (GDPR +2 months, CCPA +45 days) with the reason, before it has passed (409 extension_too_late after) */
                    extend?: {
                        reason: string;
                    };
                    /** @description Required with status denied (told to the person) */
                    reason?: string;
                    /**
                     * @description received → verified → in_progress → completed | denied (forward only)
                     * @enum {string}
                     */
                    status?: "received" | "verified" | "in_progress" | "completed" | "denied";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataRequest"];
                };
            };
        };
    };
    getDataRequestsPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The business's public privacy page (end customers ask for their data there) */
                        url: string;
                    };
                };
            };
        };
    };
    getEvidence: {
        parameters: {
            query: {
                format?: "zip" | "pdf";
                /** @description The phone number the complaint is about (E.164, or national in the account's country) */
                phone: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A ZIP (JSON files + evidence.pdf) or the printable PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    getExports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DataExport"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postExports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description `account`: everything the account holds (owner only); `me`: your own personal data in this account
                     * @enum {string}
                     */
                    scope: "account" | "me";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "queued";
                    };
                };
            };
        };
    };
    getExportsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataExport"];
                };
            };
        };
    };
    getExportsIdDownload: {
        parameters: {
            query?: {
                token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The ZIP file, sent as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
        };
    };
    getHolidays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Holiday"][];
                    };
                };
            };
        };
    };
    postHolidays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, a local date of the business-hours zone
                     */
                    date: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Holiday"];
                };
            };
        };
    };
    deleteHolidaysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Import"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: string;
                    };
                };
            };
        };
    };
    getImportsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Import"];
                };
            };
        };
    };
    postImportsIdCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Import"];
                };
            };
        };
    };
    getImportsIdErrorsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The rows that were not imported, with the reason (CSV file, sent as an attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    postImportsPreview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportPreview"];
                };
            };
        };
    };
    getInboxSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxSettings"];
                };
            };
        };
    };
    patchInboxSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    autoAssign?: boolean;
                    /** @description Reassign an open conversation whose assignee has not answered the customer within this many minutes; null: never */
                    reassignAfterMinutes?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxSettings"];
                };
            };
        };
    };
    getInvitations: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Invitation"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postInvitations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    /** @enum {string} */
                    role: "admin" | "agent" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
        };
    };
    deleteInvitationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postInvitationsAccept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Required unless the invited email already has a login */
                    name?: string;
                    /** @description A new password, or the existing login's password */
                    password: string;
                    /** @description Required unless the invited email already has a login */
                    phone?: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    getInvitationsLookup: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationLookup"];
                };
            };
        };
    };
    getKeywords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JoinKeyword"][];
                    };
                };
            };
        };
    };
    postKeywords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    doubleOptIn?: boolean;
                    /** @description Message frequency as the confirmation states it, e.g. "Up to 4 msgs/month" */
                    frequency: string;
                    /** @description Only texts to this number (pn_… or E.164); null: every number of the account */
                    numberId?: string | null;
                    programName: string;
                    tags?: string[];
                    /** @description The keyword customers text, e.g. JOIN (1–2 words of letters/digits; not STOP, HELP, START, YES, Y…) */
                    word: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinKeyword"];
                };
            };
        };
    };
    deleteKeywordsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchKeywordsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    doubleOptIn?: boolean;
                    /** @description Message frequency as the confirmation states it, e.g. "Up to 4 msgs/month" */
                    frequency?: string;
                    /** @description Only texts to this number (pn_… or E.164); null: every number of the account */
                    numberId?: string | null;
                    programName?: string;
                    tags?: string[];
                    /** @description The keyword customers text, e.g. JOIN (1–2 words of letters/digits; not STOP, HELP, START, YES, Y…) */
                    word?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinKeyword"];
                };
            };
        };
    };
    getKeywordsIdQrSvg: {
        parameters: {
            query?: {
                /** @description Cache key of the page (ignored by the server) */
                v?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A QR code (SVG) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
        };
    };
    getLabels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Label"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postLabels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Default gray
                     * @enum {string}
                     */
                    color?: "gray" | "red" | "pink" | "grape" | "violet" | "indigo" | "blue" | "cyan" | "teal" | "green" | "lime" | "yellow" | "orange";
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Label"];
                };
            };
        };
    };
    deleteLabelsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchLabelsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Default gray
                     * @enum {string}
                     */
                    color?: "gray" | "red" | "pink" | "grape" | "violet" | "indigo" | "blue" | "cyan" | "teal" | "green" | "lime" | "yellow" | "orange";
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Label"];
                };
            };
        };
    };
    getLegalKind: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: "terms" | "privacy";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalDocument"];
                };
            };
        };
    };
    getLegalKindVersionsVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: "terms" | "privacy";
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalDocument"];
                };
            };
        };
    };
    getLegalSubprocessors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subprocessors"];
                };
            };
        };
    };
    getLinksSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkSettings"];
                };
            };
        };
    };
    patchLinksSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A host name such as go.example.com; null or empty: the platform's domain */
                    shortLinkDomain?: string | null;
                    trackClickIp?: boolean;
                    trackLinks?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkSettings"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
        };
    };
    patchMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Required to change the email or phone */
                    currentPassword?: string;
                    email?: string;
                    name?: string;
                    phone?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
        };
    };
    getMeAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
        };
    };
    putMeAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    availability: "online" | "away" | "offline";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
        };
    };
    postMedia: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
                };
            };
        };
    };
    getMediaId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                    "image/gif": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
        };
    };
    getMembers: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    deleteMembersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchMembersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "viewer" | "agent" | "admin" | "owner";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    getMessages: {
        parameters: {
            query?: {
                /** @description To or from this contact (ct_…) */
                contactId?: string;
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                direction?: "inbound" | "outbound";
                /** @description Items per page (1–200, default 50). */
                limit?: number;
                /** @description Sent from or received on this number (pn_…) */
                numberId?: string;
                /** @description Created at or after this time */
                since?: string;
                status?: "accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "canceled" | "received";
                /** @description Created before this time */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Message"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    from?: string;
                    mediaIds?: string[];
                    mediaUrls?: string[];
                    /** Format: date-time */
                    sendAt?: string;
                    smartEncoding?: boolean;
                    to: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getMessagesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDetail"];
                };
            };
        };
    };
    postMessagesBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body?: string;
                    /** @description A number of the account (E.164 or pn_…); default: its first number */
                    from?: string;
                    mediaIds?: string[];
                    mediaUrls?: string[];
                    /** @description The recipients, 1–1000: each `to`, and any field that differs from the batch's */
                    messages: {
                        body?: string;
                        /** @description A number of the account (E.164 or pn_…); default: its first number */
                        from?: string;
                        mediaIds?: string[];
                        mediaUrls?: string[];
                        /** Format: date-time */
                        sendAt?: string;
                        smartEncoding?: boolean;
                        to: string;
                    }[];
                    /** Format: date-time */
                    sendAt?: string;
                    smartEncoding?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchSendResults"];
                };
            };
            /** @description Default Response */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchSendResults"];
                };
            };
        };
    };
    postMessagesPreview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    /** @description Sample contacts (ct_…) to compose for */
                    contactIds?: string[];
                    /** @description Compose as a campaign text (merge fields, sender identification, cost) */
                    mergeFields?: boolean;
                    /** @description Texts to estimate (e.g. the audience size); default: the samples */
                    recipients?: number;
                    /** @enum {string} */
                    senderType?: "long_code" | "toll_free" | "short_code";
                    smartEncoding?: boolean;
                    /** @description Composed texts show each URL as a short link of the real length (as a campaign sends it); default: the account's link setting */
                    trackLinks?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePreview"];
                };
            };
        };
    };
    getNotices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Notice"][];
                    };
                };
            };
        };
    };
    getNotifications: {
        parameters: {
            query?: {
                limit?: number;
                unread?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsPage"];
                };
            };
        };
    };
    postNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    all?: boolean;
                    ids?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        unreadCount: number;
                    };
                };
            };
        };
    };
    getNumberPools: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["NumberPool"][];
                    };
                };
            };
        };
    };
    postNumberPools: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Numbers of the account (pn_…) */
                    numberIds: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NumberPool"];
                };
            };
        };
    };
    getNumberPoolsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NumberPool"];
                };
            };
        };
    };
    deleteNumberPoolsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchNumberPoolsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description Numbers of the account (pn_…) */
                    numberIds?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NumberPool"];
                };
            };
        };
    };
    getNumbers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PhoneNumber"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postNumbers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    connectionId?: string;
                    mps?: number;
                    phoneNumber?: string;
                    provider?: string;
                    /** @enum {string} */
                    type?: "long_code" | "toll_free" | "short_code";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
        };
    };
    deleteNumbersId: {
        parameters: {
            query?: {
                /** @description true: cancel the texts waiting to go from the number (error code number_released) instead of refusing the release */
                cancelQueued?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleasedNumber"];
                };
            };
        };
    };
    patchNumbersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    customKeywords?: {
                        /** @enum {string} */
                        kind: "opt_out" | "opt_in" | "help" | "custom";
                        reply?: string;
                        word: string;
                    }[];
                    keywordReplies?: {
                        help?: string | null;
                        opt_in?: string | null;
                        opt_out?: string | null;
                    };
                    mps?: number;
                    /** @description Post inbound texts here in Twilio's form, signed with X-Twilio-Signature (like Twilio's SmsUrl); a TwiML <Message> in the answer is sent as the reply. null: stop. */
                    twilioSmsUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
        };
    };
    getOperatorAccounts: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
                /** @description Search: account name, legal name or a member's email */
                q?: string;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ConsoleAccount"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getOperatorAccountsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleAccountDetail"];
                };
            };
        };
    };
    getOperatorAccountsIdBilling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingOverview"];
                };
            };
        };
    };
    patchOperatorAccountsIdBilling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Low-balance email threshold; null: BILLING_LOW_BALANCE */
                    lowBalance?: string | null;
                    prepaid?: boolean | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingBalance"];
                };
            };
        };
    };
    getOperatorAccountsIdBillingStatementsMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
        };
    };
    getOperatorAccountsIdBillingUsage: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingUsage"];
                };
            };
        };
    };
    postOperatorAccountsIdEnforcement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "warn" | "throttle" | "suspend" | "terminate" | "reinstate";
                    /** @description sent to the account owner and kept in both audit logs */
                    reason: string;
                    /** @description throttle: messages per second per sender (default 0.2) */
                    throttleMps?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actionId: string;
                        state: string;
                    };
                };
            };
        };
    };
    getOperatorAccountsIdEvidence: {
        parameters: {
            query: {
                format?: "zip" | "pdf";
                /** @description The phone number the complaint is about (E.164, or national in the account's country) */
                phone: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A ZIP (JSON files + evidence.pdf) or the printable PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    postOperatorAccountsIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorNoteBodyInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorNote"];
                };
            };
        };
    };
    getOperatorAccountsIdPrices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceOverrides"];
                };
            };
        };
    };
    putOperatorAccountsIdPrices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    country: string;
                    currency?: string;
                    price: string;
                    /** @enum {string} */
                    senderType: "long_code" | "toll_free" | "short_code" | "*";
                    /** @enum {string} */
                    unit: "sms" | "mms" | "inbound_sms" | "inbound_mms" | "number_month";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceOverrides"];
                };
            };
        };
    };
    deleteOperatorAccountsIdPrices: {
        parameters: {
            query: {
                country: string;
                senderType: "long_code" | "toll_free" | "short_code" | "*";
                unit: "sms" | "mms" | "inbound_sms" | "inbound_mms" | "number_month";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceOverrides"];
                };
            };
        };
    };
    postOperatorAccountsIdRiskEvaluation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        reviewId: string | null;
                        signals: components["schemas"]["RiskSignal"][];
                    };
                };
            };
        };
    };
    postOperatorAccountsIdTopUps: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A decimal amount of the platform currency, e.g. "25.00" */
                    amount: string;
                    description?: string;
                    /** @default manual */
                    provider?: string;
                    /** @description The payment's reference at the provider (a bank transfer id), required: a (provider, reference) is credited once, so a replayed call is answered 409 duplicate_payment */
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopUp"];
                };
            };
        };
    };
    getOperatorAccountsIdTrustSafety: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountTrustSafety"];
                };
            };
        };
    };
    getOperatorAppeals: {
        parameters: {
            query?: {
                status?: "open" | "closed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AppealSummary"][];
                    };
                };
            };
        };
    };
    getOperatorAppealsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Appeal"];
                };
            };
        };
    };
    postOperatorAppealsIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    close?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Appeal"];
                };
            };
        };
    };
    getOperatorAudit: {
        parameters: {
            query?: {
                before?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorAuditPage"];
                };
            };
        };
    };
    getOperatorAuditVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorAuditVerification"];
                };
            };
        };
    };
    postOperatorBootstrap: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorBootstrapInputInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
        };
    };
    getOperatorInquiries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "open" | "answered" | "closed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OperatorInquiry"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getOperatorInquiriesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorInquiryThread"];
                };
            };
        };
    };
    postOperatorInquiriesIdReplies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    /** @description Close the inquiry with this reply */
                    close?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorInquiryThread"];
                };
            };
        };
    };
    getOperatorInquiriesIdScreenshotsScreenshotId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                screenshotId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/gif": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
        };
    };
    postOperatorInquiriesIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "open" | "answered" | "closed";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorInquiryThread"];
                };
            };
        };
    };
    getOperatorLegalRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LegalRequest"][];
                    };
                };
            };
        };
    };
    postOperatorLegalRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewLegalRequestInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalRequest"];
                };
            };
        };
    };
    patchOperatorLegalRequestsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LegalRequestPatchInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalRequest"];
                };
            };
        };
    };
    getOperatorMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorMe"];
                };
            };
        };
    };
    getOperatorOperators: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Operator"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postOperatorOperators: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorCreateInputInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
        };
    };
    patchOperatorOperatorsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorPatchInputInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
        };
    };
    postOperatorOperatorsIdResetTotp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
        };
    };
    getOperatorOutbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OutboxEmail"][];
                    };
                };
            };
        };
    };
    getOperatorPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OperatorPolicy"][];
                    };
                };
            };
        };
    };
    postOperatorPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Markdown (rendered without raw HTML) */
                    body: string;
                    /** @enum {string} */
                    kind: "terms" | "privacy";
                    /** @description The "Last updated" date shown on the page (YYYY-MM-DD) */
                    lastUpdated: string;
                    /** @description A material change asks every user to accept it again at their next sign-in */
                    material: boolean;
                    /** @description Defaults to "Terms of Service" / "Privacy Policy" */
                    title?: string;
                    /** @description Defaults to lastUpdated */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorPolicy"];
                };
            };
        };
    };
    getOperatorPriceBook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceBook"];
                };
            };
        };
    };
    putOperatorPriceBook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    country: string;
                    currency?: string;
                    price: string;
                    /** @enum {string} */
                    senderType: "long_code" | "toll_free" | "short_code" | "*";
                    /** @enum {string} */
                    unit: "sms" | "mms" | "inbound_sms" | "inbound_mms" | "number_month";
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceBook"];
                };
            };
        };
    };
    deleteOperatorPriceBook: {
        parameters: {
            query: {
                country: string;
                senderType: "long_code" | "toll_free" | "short_code" | "*";
                unit: "sms" | "mms" | "inbound_sms" | "inbound_mms" | "number_month";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceBook"];
                };
            };
        };
    };
    getOperatorReviews: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "open" | "dismissed" | "actioned";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RiskReview"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getOperatorReviewsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskReview"];
                };
            };
        };
    };
    postOperatorReviewsIdResolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description dismiss: nothing to act on (to act, POST the account's enforcement: it closes the review as actioned)
                     * @enum {string}
                     */
                    decision: "dismiss";
                    note: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskReview"];
                };
            };
        };
    };
    getOperatorRiskThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        baselineDays: number;
                        carrierFilteredRate: number;
                        firstMessageStopHours: number;
                        firstMessageStopRate: number;
                        highCostPrefixes: string[];
                        highCostShare: number;
                        minSample: number;
                        noConsentShare: number;
                        optOutRate: number;
                        phishingShare: number;
                        sequentialRun: number;
                        sequentialShare: number;
                        shaftShare: number;
                        shortenerShare: number;
                        spikeFactor: number;
                        spikeMinVolume: number;
                        windowHours: number;
                    };
                };
            };
        };
    };
    patchOperatorRiskThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RiskThresholdsInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        baselineDays: number;
                        carrierFilteredRate: number;
                        firstMessageStopHours: number;
                        firstMessageStopRate: number;
                        highCostPrefixes: string[];
                        highCostShare: number;
                        minSample: number;
                        noConsentShare: number;
                        optOutRate: number;
                        phishingShare: number;
                        sequentialRun: number;
                        sequentialShare: number;
                        shaftShare: number;
                        shortenerShare: number;
                        spikeFactor: number;
                        spikeMinVolume: number;
                        windowHours: number;
                    };
                };
            };
        };
    };
    postOperatorSignin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorSignInInputInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorSignInStep"];
                };
            };
        };
    };
    postOperatorSigninEnrol: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorEnrolment"];
                };
            };
        };
    };
    postOperatorSigninTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorTotpInputInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorSignedIn"];
                };
            };
        };
    };
    postOperatorSignout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getOperatorToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorTokenState"];
                };
            };
        };
    };
    postOperatorTokenDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorTokenState"];
                };
            };
        };
    };
    getOperatorTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BusinessTransfer"][];
                    };
                };
            };
        };
    };
    postOperatorTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewBusinessTransferInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessTransfer"];
                };
            };
        };
    };
    getPartnerGrants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PartnerGrant"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postPartnerGrants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    expiresAt?: string | null;
                    /** @description Weekly windows in the client's time zone; none: any time */
                    hours?: {
                        /** @description 1 = Monday … 7 = Sunday */
                        days: number[];
                        from: string;
                        to: string;
                    }[] | null;
                    /** @description Contact fields the partner sees hidden (phone keeps its last two digits) */
                    maskedFields?: ("email" | "phone" | "name" | "fields" | "notes" | "tags")[];
                    /** @description The numbers (inboxes) whose conversations the partner works */
                    numberIds?: string[];
                    partnerId: string;
                    /** @description Actions on top of reading the covered conversations; export, bulk download, consent evidence and settings are never grantable */
                    permissions: ("reply" | "notes" | "assign" | "close")[];
                    /** @description Only conversations of these teams (combined with numberIds: both must hold) */
                    teamIds?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerGrant"];
                };
            };
        };
    };
    getPartnerGrantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerGrant"];
                };
            };
        };
    };
    deletePartnerGrantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchPartnerGrantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    expiresAt?: string | null;
                    /** @description Weekly windows in the client's time zone; none: any time */
                    hours?: {
                        /** @description 1 = Monday … 7 = Sunday */
                        days: number[];
                        from: string;
                        to: string;
                    }[] | null;
                    /** @description Contact fields the partner sees hidden (phone keeps its last two digits) */
                    maskedFields?: ("email" | "phone" | "name" | "fields" | "notes" | "tags")[];
                    /** @description The numbers (inboxes) whose conversations the partner works */
                    numberIds?: string[];
                    /** @description Actions on top of reading the covered conversations; export, bulk download, consent evidence and settings are never grantable */
                    permissions?: ("reply" | "notes" | "assign" | "close")[];
                    /** @description Only conversations of these teams (combined with numberIds: both must hold) */
                    teamIds?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerGrant"];
                };
            };
        };
    };
    getPartnerAssignments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PartnerAssignment"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postPartnerAssignments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    clientId: string;
                    userId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deletePartnerAssignments: {
        parameters: {
            query: {
                clientId: string;
                userId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getPartnerClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerClients"];
                };
            };
        };
    };
    getPartnerQueue: {
        parameters: {
            query?: {
                limit?: number;
                state?: "open" | "pending" | "snoozed" | "closed" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PartnerQueueItem"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getPartnerQueueStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server-sent events of the combined queue: `queue.changed` `{clientId, conversationId, type}` for every change to a conversation of a client you work now, inside its grant (type: the outbox event, e.g. `message.received`, `conversation.assigned`); `clients.changed` `{clientIds}` when the clients you may work change (a grant revoked, expired or outside its hours, an assignment ended). No bodies or contact data: refetch GET /v1/partner/queue. Not resumable. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    postPartnerSwitch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A served client, or the partner account itself */
                    accountId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actingIn: string;
                    };
                };
            };
        };
    };
    getPartners: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Partner"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postPartners: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Required with the operator token: the partner manager invited to own the organisation */
                    ownerEmail?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
        };
    };
    getPartnersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
        };
    };
    postPoliciesAccept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accept: {
                        /** @enum {string} */
                        kind: "terms" | "privacy";
                        version: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedPolicies"];
                };
            };
        };
    };
    getPoliciesAcceptance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyAcceptance"];
                };
            };
        };
    };
    getPoliciesCurrent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policies"];
                };
            };
        };
    };
    getProviderConnections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProviderConnection"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postProviderConnections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    credentials: {
                        accountSid: string;
                        authToken: string;
                    } | {
                        accountSid: string;
                        apiKeySecret: string;
                        apiKeySid: string;
                        webhookAuthToken?: string;
                    };
                    /** @description A connection of this account that carries the messages this one definitely did not accept while it is down or failing (failover); null: none */
                    fallbackConnectionId?: string | null;
                    /** @enum {string} */
                    kind: "twilio";
                    name: string;
                    settings?: {
                        /** Format: uri */
                        apiBaseUrl?: string;
                        concurrency?: number;
                        messagingServiceSid?: string;
                        retryUnknownOutcome?: boolean;
                        timeoutMs?: number;
                    };
                } | {
                    credentials: {
                        password: string;
                        systemId: string;
                    };
                    /** @description A connection of this account that carries the messages this one definitely did not accept while it is down or failing (failover); null: none */
                    fallbackConnectionId?: string | null;
                    /** @enum {string} */
                    kind: "smpp";
                    name: string;
                    settings: {
                        authRetryMs?: number;
                        /** @enum {string} */
                        bind?: "transceiver" | "tx_rx";
                        connectWaitMs?: number;
                        enquireLinkMs?: number;
                        holdReceiptsMs?: number;
                        host: string;
                        inboundPartsMs?: number;
                        maxTracked?: number;
                        port: number;
                        receiptIdsDecimal?: boolean;
                        reconnectBaseMs?: number;
                        reconnectMaxMs?: number;
                        responseTimeoutMs?: number;
                        serviceType?: string;
                        systemType?: string;
                        throttleBackoffMs?: number;
                        throttleMaxBackoffMs?: number;
                        tls?: boolean;
                        /** @default 50 */
                        window?: number;
                    };
                } | {
                    /** @default {} */
                    credentials?: {
                        accountSid?: string;
                        authToken?: string;
                    };
                    /** @description A connection of this account that carries the messages this one definitely did not accept while it is down or failing (failover); null: none */
                    fallbackConnectionId?: string | null;
                    /** @enum {string} */
                    kind: "simulator";
                    name: string;
                    settings?: {
                        failedRate?: number;
                        latencyMs?: number;
                        undeliveredRate?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConnection"];
                };
            };
        };
    };
    getProviderConnectionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConnection"];
                };
            };
        };
    };
    deleteProviderConnectionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchProviderConnectionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    credentials?: {
                        [key: string]: string;
                    };
                    enabled?: boolean;
                    /** @description A connection of this account that carries the messages this one definitely did not accept while it is down or failing (failover); null: none */
                    fallbackConnectionId?: string | null;
                    name?: string;
                    settings?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConnection"];
                };
            };
        };
    };
    getProviderConnectionsIdCarrierNumbers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CarrierNumber"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postProviderConnectionsIdCarrierNumbersImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Only these numbers of the carrier account; default: every number not yet attached */
                    phoneNumbers?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportedNumbers"];
                };
            };
        };
    };
    postProviderConnectionsIdTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConnection"];
                };
            };
        };
    };
    getReportsSla: {
        parameters: {
            query: {
                from: string;
                groupBy?: "agent" | "team" | "day" | "partner";
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaReport"];
                };
            };
        };
    };
    getRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionSettings"];
                };
            };
        };
    };
    putRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionRulesInput"];
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionSettings"];
                };
            };
        };
    };
    getRetentionPreview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionPreview"];
                };
            };
        };
    };
    getSegments: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the page before; omit for the first page. */
                cursor?: string;
                /** @description Items per page (1–200, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Segment"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postSegments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filter: {
                        /** @default [] */
                        conditions?: ({
                            /** @enum {string} */
                            op: "has" | "not_has";
                            /** @enum {string} */
                            type: "tag";
                            value: string;
                        } | {
                            key: string;
                            /** @enum {string} */
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "is_set" | "not_set";
                            /** @enum {string} */
                            type: "field";
                            value?: string | number | boolean;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "consent";
                            /** @enum {string} */
                            value: "opted_in" | "opted_out" | "unknown";
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "phone_type";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "country";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "before" | "after" | "within_days" | "not_within_days";
                            /** @enum {string} */
                            type: "created_at" | "last_message_at";
                            value: string | number;
                        })[];
                        /**
                         * @default all
                         * @enum {string}
                         */
                        match?: "all" | "any";
                    };
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
        };
    };
    getSegmentsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
        };
    };
    deleteSegmentsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchSegmentsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filter?: {
                        /** @default [] */
                        conditions?: ({
                            /** @enum {string} */
                            op: "has" | "not_has";
                            /** @enum {string} */
                            type: "tag";
                            value: string;
                        } | {
                            key: string;
                            /** @enum {string} */
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "is_set" | "not_set";
                            /** @enum {string} */
                            type: "field";
                            value?: string | number | boolean;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "consent";
                            /** @enum {string} */
                            value: "opted_in" | "opted_out" | "unknown";
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "phone_type";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "country";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "before" | "after" | "within_days" | "not_within_days";
                            /** @enum {string} */
                            type: "created_at" | "last_message_at";
                            value: string | number;
                        })[];
                        /**
                         * @default all
                         * @enum {string}
                         */
                        match?: "all" | "any";
                    };
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
        };
    };
    getSegmentsIdCount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
        };
    };
    postSegmentsCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filter: {
                        /** @default [] */
                        conditions?: ({
                            /** @enum {string} */
                            op: "has" | "not_has";
                            /** @enum {string} */
                            type: "tag";
                            value: string;
                        } | {
                            key: string;
                            /** @enum {string} */
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "is_set" | "not_set";
                            /** @enum {string} */
                            type: "field";
                            value?: string | number | boolean;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "consent";
                            /** @enum {string} */
                            value: "opted_in" | "opted_out" | "unknown";
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "phone_type";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "is" | "is_not";
                            /** @enum {string} */
                            type: "country";
                            value: string;
                        } | {
                            /** @enum {string} */
                            op: "before" | "after" | "within_days" | "not_within_days";
                            /** @enum {string} */
                            type: "created_at" | "last_message_at";
                            value: string | number;
                        })[];
                        /**
                         * @default all
                         * @enum {string}
                         */
                        match?: "all" | "any";
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
        };
    };
    getSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SignedInSession"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    deleteSessionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getSessionsHistory: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SignInEvent"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postSessionsRevokeOthers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedSessions"];
                };
            };
        };
    };
    getSignupForm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupForm"];
                };
            };
        };
    };
    putSignupForm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Whether the page asks for a name (optional for the person); default true. The phone is always required. */
                    askName?: boolean;
                    /**
                     * @description code: a code texted to the phone, typed into the page; reply: the person replies Y
                     * @default code
                     * @enum {string}
                     */
                    confirmBy?: "code" | "reply";
                    /** @description The exact consent wording shown beside the checkbox (kept as evidence with every sign-up) */
                    consentWording: string;
                    description?: string | null;
                    /** @description Sites that may frame the page (https://example.com); empty: any site */
                    embedOrigins?: string[];
                    enabled?: boolean;
                    frequency: string;
                    /** @description The number that texts the code (pn_… or E.164); null: the account's first number */
                    numberId?: string | null;
                    programName: string;
                    /** @description The page address: /join/<slug> (3–40 lower-case letters, digits, hyphens) */
                    slug: string;
                    tags?: string[];
                    title: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupForm"];
                };
            };
        };
    };
    getSignupFormQrSvg: {
        parameters: {
            query?: {
                /** @description Cache key of the page (ignored by the server) */
                v?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A QR code (SVG) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
        };
    };
    postSimulatorInbound: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    from: string;
                    id?: string;
                    to: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getSlaPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SlaPolicy"][];
                    };
                };
            };
        };
    };
    postSlaPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Count only business hours (minus holidays); false counts every minute
                     * @default true
                     */
                    businessHours?: boolean;
                    /** @description Minutes from the customer's first text to the first reply; null: no such target */
                    firstResponseMinutes: number | null;
                    name: string;
                    /** @description Minutes from a later customer text to the next reply */
                    nextResponseMinutes: number | null;
                    /** @description Minutes from the conversation's first text to its close */
                    resolutionMinutes: number | null;
                    /** @description A team: conversations of this team follow this policy; null or absent: the default policy (one per account) */
                    teamId?: string | null;
                    /**
                     * @description The assignee is warned when this share of the target has passed
                     * @default 80
                     */
                    warnPercent?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaPolicy"];
                };
            };
        };
    };
    deleteSlaPoliciesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchSlaPoliciesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Count only business hours (minus holidays); false counts every minute
                     * @default true
                     */
                    businessHours?: boolean;
                    /** @description Minutes from the customer's first text to the first reply; null: no such target */
                    firstResponseMinutes?: number | null;
                    name?: string;
                    /** @description Minutes from a later customer text to the next reply */
                    nextResponseMinutes?: number | null;
                    /** @description Minutes from the conversation's first text to its close */
                    resolutionMinutes?: number | null;
                    /** @description A team: conversations of this team follow this policy; null or absent: the default policy (one per account) */
                    teamId?: string | null;
                    /**
                     * @description The assignee is warned when this share of the target has passed
                     * @default 80
                     */
                    warnPercent?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaPolicy"];
                };
            };
        };
    };
    getSlaBreaches: {
        parameters: {
            query?: {
                limit?: number;
                /** @description breached: past due; at_risk: warned, not yet due */
                state?: "breached" | "at_risk" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SlaBreach"][];
                    };
                };
            };
        };
    };
    getSupportInquiries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inquiry"][];
                    };
                };
            };
        };
    };
    postSupportInquiries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    /**
                     * @description inquiry (a question), bug (something broken) or feedback
                     * @enum {string}
                     */
                    kind: "inquiry" | "bug" | "feedback";
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InquiryThread"];
                };
            };
        };
    };
    getSupportInquiriesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InquiryThread"];
                };
            };
        };
    };
    postSupportInquiriesIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InquiryThread"];
                };
            };
        };
    };
    postSupportInquiriesIdScreenshots: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InquiryThread"];
                };
            };
        };
    };
    getSupportInquiriesIdScreenshotsScreenshotId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                screenshotId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/gif": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
        };
    };
    getSuppressions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Suppression"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    getTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Team"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    autoAssign?: boolean;
                    memberIds?: string[];
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    getTeamsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    deleteTeamsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchTeamsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    autoAssign?: boolean;
                    memberIds?: string[];
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    getTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AccountBusinessTransfer"][];
                    };
                };
            };
        };
    };
    postTransfersIdAccept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountBusinessTransfer"];
                };
            };
        };
    };
    getTransparencyReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransparencyReport"];
                };
            };
        };
    };
    getTwilioCompat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwilioSettings"];
                };
            };
        };
    };
    postTwilioCompatAuthToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwilioAuthToken"];
                };
            };
        };
    };
    getTwilioInboundDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description Only the deliveries of this number (pn_…) */
                numberId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TwilioInboundDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postWebhookDeliveriesIdReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
        };
    };
    getWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** @description Event types to receive; empty or absent: every type */
                    events?: ("message.created" | "message.status_changed" | "message.received" | "message.redacted" | "message.deleted" | "contact.opted_out" | "contact.opted_in" | "conversation.updated" | "conversation.assigned" | "conversation.note_added" | "conversation.labels_changed" | "sla.warning" | "sla.breached" | "csat.sent" | "csat.answered" | "campaign.launched" | "campaign.progress" | "campaign.paused" | "campaign.completed" | "campaign.canceled" | "import.completed" | "import.failed" | "data_request.received" | "data_request.completed" | "data_request.denied")[];
                    url: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookEndpoint"];
                };
            };
        };
    };
    getWebhookEndpointsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
        };
    };
    deleteWebhookEndpointsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Done; the response has no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchWebhookEndpointsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    enabled?: boolean;
                    events?: ("message.created" | "message.status_changed" | "message.received" | "message.redacted" | "message.deleted" | "contact.opted_out" | "contact.opted_in" | "conversation.updated" | "conversation.assigned" | "conversation.note_added" | "conversation.labels_changed" | "sla.warning" | "sla.breached" | "csat.sent" | "csat.answered" | "campaign.launched" | "campaign.progress" | "campaign.paused" | "campaign.completed" | "campaign.canceled" | "import.completed" | "import.failed" | "data_request.received" | "data_request.completed" | "data_request.denied")[];
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
        };
    };
    getWebhookEndpointsIdDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
        };
    };
    postWebhookEndpointsIdReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queued: number;
                    };
                };
            };
        };
    };
    postWebhookEndpointsIdRotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description How long the old secret keeps signing beside the new one (default 24) */
                    overlapHours?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookEndpoint"];
                };
            };
        };
    };
    getWebhookEndpointsIdSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                    };
                };
            };
        };
    };
    postWebhookEndpointsIdTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
        };
    };
    getWebhookEndpointsEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: string[];
                    };
                };
            };
        };
    };
    postWebhooksKindTokenWhich: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: "twilio" | "simulator";
                token: string;
                which: "status" | "inbound";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An empty TwiML response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
        };
    };
}
