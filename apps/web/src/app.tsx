import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { AuthProvider } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { RequireAuth } from './auth/require-auth';
import { Layout, NotFoundPage } from './common/layout';
import { I18nProvider } from './i18n/i18n-context';
import { InboxPage } from './inbox/inbox-page';
import { InstancesPage } from './instances/instances-page';
import { InstancePage } from './instances/instance-page';
import { DesignerPage } from './designer/designer-page';

// Hash routing: the API serves dist/ as static files, so deep links need no server fallback.
const router = createHashRouter([
  { path: '/login', element: <LoginPage /> },
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
      { path: 'instances', element: <InstancesPage /> },
      { path: 'instances/:id', element: <InstancePage /> },
      { path: 'designer', element: <DesignerPage /> },
      { path: 'designer/:key/:version', element: <DesignerPage /> },
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
