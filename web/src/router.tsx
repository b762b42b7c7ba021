import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RouteError } from './components/RouteError';
import { AuditPage } from './pages/AuditPage';
import { DataRequestsPage } from './pages/privacy/DataRequestsPage';
import { PrivacyCenterPage } from './pages/privacy/PrivacyCenterPage';
import { CampaignReportPage } from './pages/campaigns/CampaignReportPage';
import { CampaignComposerPage } from './pages/campaigns/CampaignComposerPage';
import { CampaignsPage } from './pages/campaigns/CampaignsPage';
import { ComingSoonPage, COMING_SOON } from './pages/ComingSoonPage';
import { ConfirmEmailPage } from './pages/ConfirmEmailPage';
import { ContactDetailPage } from './pages/contacts/ContactDetailPage';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { ImportHistoryPage } from './pages/contacts/ImportHistoryPage';
import { ImportPage } from './pages/contacts/ImportPage';
import { SegmentsPage } from './pages/contacts/SegmentsPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { ConversationRoute, InboxPage, NoConversationSelected } from './pages/inbox/InboxPage';
import { InvitePage } from './pages/InvitePage';
import { LegalPage } from './pages/LegalPage';
import { SubprocessorsPage } from './pages/legal/SubprocessorsPage';
import { TransparencyPage } from './pages/legal/TransparencyPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OutboxPage } from './pages/OutboxPage';
import { OperatorPoliciesPage } from './pages/OperatorPoliciesPage';
import { OperatorInquiriesPage } from './pages/OperatorInquiriesPage';
import { OperatorLayout } from './components/OperatorLayout';
import { OperatorSignInPage } from './pages/operator/OperatorSignInPage';
import { OperatorAccountsPage } from './pages/operator/OperatorAccountsPage';
import { OperatorAccountPage } from './pages/operator/OperatorAccountPage';
import { OperatorAuditPage } from './pages/operator/OperatorAuditPage';
import { OperatorOperatorsPage } from './pages/operator/OperatorOperatorsPage';
import { OperatorReviewsPage } from './pages/operator/OperatorReviewsPage';
import { AccountNoticesPage } from './pages/AccountNoticesPage';
import { OperatorPriceBookPage } from './pages/operator/OperatorPriceBookPage';
import { BillingPage } from './pages/billing/BillingPage';
import { HelpPage } from './pages/help/HelpPage';
import { HelpThreadPage } from './pages/help/HelpThreadPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { SlaBreachesPage } from './pages/sla/SlaBreachesPage';
import { SlaReportPage } from './pages/sla/SlaReportPage';
import { AnalyticsPage } from './pages/analytics/AnalyticsPage';
import { PartnerDeskPage } from './pages/partners/PartnerDeskPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpConfirmPage } from './pages/SignUpConfirmPage';
import { SignUpPage } from './pages/SignUpPage';

export function createAppRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteError />,
      children: [
        { path: '/signin', element: <SignInPage /> },
        { path: '/signup', element: <SignUpPage /> },
        { path: '/signup/confirm', element: <SignUpConfirmPage /> },
        { path: '/confirm-email', element: <ConfirmEmailPage /> },
        { path: '/forgot-password', element: <ForgotPasswordPage /> },
        { path: '/reset-password', element: <ResetPasswordPage /> },
        { path: '/invite', element: <InvitePage /> },
        { path: '/legal/terms', element: <LegalPage kind="terms" /> },
        { path: '/legal/privacy', element: <LegalPage kind="privacy" /> },
        { path: '/legal/terms/:version', element: <LegalPage kind="terms" /> },
        { path: '/legal/privacy/:version', element: <LegalPage kind="privacy" /> },
        { path: '/legal/subprocessors', element: <SubprocessorsPage /> },
        { path: '/legal/transparency', element: <TransparencyPage /> },
        { path: '/operator/signin', element: <OperatorSignInPage /> },
        {
          // The operator console (issue 13): its own session and navigation (components/OperatorLayout.tsx).
          element: <OperatorLayout />,
          children: [
            { path: '/operator', element: <Navigate to="/operator/accounts" replace /> },
            { path: '/operator/accounts', element: <OperatorAccountsPage /> },
            { path: '/operator/accounts/:id', element: <OperatorAccountPage /> },
            { path: '/operator/reviews', element: <OperatorReviewsPage /> },
            { path: '/operator/audit', element: <OperatorAuditPage /> },
            { path: '/operator/operators', element: <OperatorOperatorsPage /> },
            { path: '/operator/price-book', element: <OperatorPriceBookPage /> },
            { path: '/operator/outbox', element: <OutboxPage /> },
            { path: '/operator/policies', element: <OperatorPoliciesPage /> },
            { path: '/operator/inquiries', element: <OperatorInquiriesPage /> },
          ],
        },
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Navigate to="/inbox" replace /> },
            ...COMING_SOON.map((page) => ({ path: page.path, element: <ComingSoonPage page={page} /> })),
            {
              path: '/inbox',
              element: <InboxPage />,
              children: [
                { index: true, element: <NoConversationSelected /> },
                { path: ':id', element: <ConversationRoute /> },
              ],
            },
            { path: '/contacts', element: <ContactsPage /> },
            { path: '/contacts/import', element: <ImportPage /> },
            { path: '/contacts/imports', element: <ImportHistoryPage /> },
            { path: '/contacts/segments', element: <SegmentsPage /> },
            { path: '/contacts/:id', element: <ContactDetailPage /> },
            { path: '/settings', element: <SettingsPage /> },
            { path: '/settings/:tab', element: <SettingsPage /> },
            { path: '/partner', element: <PartnerDeskPage /> },
            { path: '/campaigns', element: <CampaignsPage /> },
            { path: '/campaigns/new', element: <CampaignComposerPage /> },
            { path: '/campaigns/:id', element: <CampaignReportPage /> },
            { path: '/audit', element: <AuditPage /> },
            { path: '/account/notices', element: <AccountNoticesPage /> },
            { path: '/help', element: <HelpPage /> },
            { path: '/help/:id', element: <HelpThreadPage /> },
            { path: '/privacy', element: <PrivacyCenterPage /> },
            { path: '/privacy-requests', element: <DataRequestsPage /> },
            { path: '/sla', element: <SlaBreachesPage /> },
            { path: '/reports', element: <SlaReportPage /> },
            { path: '/analytics', element: <AnalyticsPage /> },
            { path: '/billing', element: <BillingPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
