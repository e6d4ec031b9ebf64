import { lazy, Suspense, type ReactNode } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { AuthProvider } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { RequireAuth } from './auth/require-auth';
import { Layout, NotFoundPage } from './common/layout';
import { I18nProvider } from './i18n/i18n-context';
import { InboxPage } from './inbox/inbox-page';
import { CalendarPage } from './calendar/calendar-page';
import { AuditPage } from './audit/audit-page';
import { InstancesPage } from './instances/instances-page';
import { IncidentsPage } from './instances/incidents-page';
import { DossiersPage } from './dossiers/dossiers-page';
import { CounterPage } from './counter/counter-page';
import { PublicLookupPage } from './dossiers/public-lookup-page';
import { CatalogPage } from './catalog/catalog-page';
import { ProcedurePage } from './catalog/procedure-page';
import { Loading } from './common/feedback';

// bpmn-js is most of the bundle: the diagram pages load it on first use
const InstancePage = lazy(() => import('./instances/instance-page').then((m) => ({ default: m.InstancePage })));
const DossierPage = lazy(() => import('./dossiers/dossier-page').then((m) => ({ default: m.DossierPage })));
const DossierAuditPage = lazy(() => import('./audit/dossier-audit-page').then((m) => ({ default: m.DossierAuditPage })));
const DesignerPage = lazy(() => import('./designer/designer-page').then((m) => ({ default: m.DesignerPage })));
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

// Hash routing: the API serves dist/ as static files, so deep links need no server fallback.
const router = createHashRouter([
  { path: '/login', element: <LoginPage /> },
  // the public dossier lookup (what the QR code of a receipt opens): no login
  { path: '/tra-cuu', element: <PublicLookupPage /> },
  { path: '/tra-cuu/:code', element: <PublicLookupPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/inbox" replace /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'ho-so', element: <DossiersPage /> },
      { path: 'quay', element: <CounterPage /> },
      { path: 'ho-so/:id', element: later(<DossierPage />) },
      { path: 'thu-tuc', element: <CatalogPage /> },
      { path: 'thu-tuc/:code', element: <ProcedurePage /> },
      { path: 'instances', element: <InstancesPage /> },
      { path: 'instances/:id', element: later(<InstancePage />) },
      { path: 'incidents', element: <IncidentsPage /> },
      { path: 'calendar', element: <CalendarPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'audit/ho-so/:ref', element: later(<DossierAuditPage />) },
      { path: 'designer', element: later(<DesignerPage />) },
      { path: 'designer/:key/:version', element: later(<DesignerPage />) },
      { path: 'designer/drafts/:draftId', element: later(<DesignerPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </I18nProvider>
  );
}
