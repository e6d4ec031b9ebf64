/**
 * Every route the API serves is guarded or explicitly public — one table, read from Nest's own
 * module container (the controllers as Nest registered them), so a route added without a
 * decision fails here. Each row is what JwtAuthGuard enforces (`public`, `roles: …`, or
 * `signed-in`; `+portal` where the portal account may call it), then, after " — ", where the
 * route checks the agency / owner (docs/security.md). Over HTTP on the real API: without a token
 * every guarded route answers 401, the portal account 403 outside its routes, a user holding
 * none of a route's roles 403 — all as JSON {error:{code,message}}.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { expectErrorBody, startApi, type Harness } from './support/api-harness';
import { listRoutes, type RouteAccess } from './support/route-list';

jest.setTimeout(120_000);

const ACCESS: Record<string, string> = {
  'DELETE /calendar/overrides/:date': "roles: admin",
  'DELETE /procedure-drafts/:id/editors/me': "roles: admin, analyst — DraftAccess",
  'DELETE /task-filters/:id': "signed-in — saved-filters.service.ts: the owner only",
  'GET /agencies': "signed-in — the directory of agencies and units is not secret",
  'GET /audit': "roles: admin, auditor — audit.controller.ts: an agency auditor reads its agency's entries",
  'GET /audit/dossiers/:ref/export': "roles: admin, auditor — DossierAccess (an agency auditor: its agency)",
  'GET /audit/dossiers/:ref/replay': "roles: admin, auditor — DossierAccess (an agency auditor: its agency)",
  'GET /audit/dossiers/:ref/timeline': "roles: admin, auditor — DossierAccess (an agency auditor: its agency)",
  'GET /audit/public-key': "roles: admin, auditor",
  'GET /audit/replay-alerts': "roles: admin, auditor — the auditor's agency",
  'GET /audit/verify': "roles: admin, auditor — an agency auditor learns only its agency's breaks",
  'GET /auth/me': "signed-in — the caller itself",
  'GET /calendar/years/:year': "signed-in — the public holiday calendar",
  'GET /documents/:id': "signed-in — DocumentAccess: the instance's agency",
  'GET /documents/:id/content': "signed-in — DocumentAccess: the instance's agency",
  'GET /documents/:id/signatures': "signed-in — DocumentAccess: the instance's agency",
  'GET /dossiers': "signed-in +portal — dossier-access.ts listScope",
  'GET /dossiers/:id': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/documents': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/events': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/events/verify': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/forms/:form': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/progress': "signed-in +portal — DossierAccess",
  'GET /dossiers/:id/reusable-documents': "signed-in +portal — DossierAccess",
  'GET /forms/:formKey': "roles: admin, analyst, auditor — ProcessAccess.assertFormReadable",
  'GET /health': "public — load balancers",
  'GET /incidents': "roles: admin, analyst, auditor, officer — incidents.usecase.ts: the caller's agency",
  'GET /procedure-drafts': "roles: admin, analyst — DraftAccess",
  'GET /procedure-drafts/:id': "roles: admin, analyst — DraftAccess",
  'GET /procedure-drafts/:id/comments': "roles: admin, analyst — DraftAccess",
  'GET /procedure-drafts/:id/forms/:formId': "roles: admin, analyst — DraftAccess",
  'GET /procedure-versions': "roles: admin, analyst, auditor — ProcessAccess",
  'GET /procedure-versions/:id/xml': "roles: admin, analyst, auditor — ProcessAccess",
  'GET /procedures': "signed-in +portal — procedure-access.ts canSeeProcedure",
  'GET /procedures/:code': "signed-in +portal — procedure-access.ts canSeeProcedure",
  'GET /process-definitions': "roles: admin, analyst, auditor, officer — ProcessAccess",
  'GET /process-definitions/:key/versions/:version/forms': "roles: admin, analyst, auditor, officer — ProcessAccess",
  'GET /process-definitions/:key/versions/:version/xml': "roles: admin, analyst, auditor, officer — ProcessAccess",
  'GET /process-instances': "signed-in — ProcessInstancesService: the caller's agency",
  'GET /process-instances/:id': "signed-in — ProcessInstancesService: the caller's agency",
  'GET /process-instances/:id/documents': "signed-in — DocumentAccess",
  'GET /process-instances/:id/history': "signed-in — ProcessInstancesService: the caller's agency",
  'GET /process-instances/migrations/:batchId': "roles: admin, analyst — instance-migration.usecase.ts: the batch's agency",
  'GET /public/dossiers/:code': "public — the applicant's lookup by dossier code, rate-limited per address (public-lookup-limiter.ts)",
  'GET /task-filters': "signed-in — saved-filters.service.ts: own and shared with the caller's units",
  'GET /task-filters/:id': "signed-in — saved-filters.service.ts",
  'GET /tasks': "signed-in — TasksService: agency and candidate groups",
  'GET /tasks/:id': "signed-in — TasksService.loadVisible",
  'GET /tasks/:id/form': "signed-in — TasksService.loadVisible",
  'GET /tasks/counts': "signed-in — TasksService: agency and candidate groups",
  'GET /users': "roles: admin",
  'PATCH /procedures/:code': "signed-in — update-procedure.usecase.ts canEditProcedure",
  'PATCH /task-filters/:id': "signed-in — saved-filters.service.ts: the owner only",
  'PATCH /users/:id': "roles: admin",
  'POST /agencies': "roles: admin",
  'POST /auth/login': "public — throttled (login-throttle.ts)",
  'POST /auth/password': "signed-in — the caller itself",
  'POST /calendar/due': "signed-in — a computation over the public calendar",
  'POST /calendar/overrides': "roles: admin",
  'POST /calendar/overrides/preview': "roles: admin",
  'POST /calendar/recompute': "roles: admin",
  'POST /deployments': "roles: admin, analyst — deploy-bpmn.usecase.ts: the analyst's agency",
  'POST /documents/:id/sign': "signed-in — DocumentAccess sign: officers of the instance's agency",
  'POST /dossiers': "signed-in +portal — create-dossier.usecase.ts: officers of the procedure's agency, the portal",
  'POST /dossiers/:id/components/:componentId/reuse': "signed-in +portal — DossierAccess write",
  'POST /dossiers/:id/documents': "signed-in +portal — DossierAccess write",
  'POST /dossiers/:id/documents/:docId/signatures/complete': "signed-in — DossierAccess write",
  'POST /dossiers/:id/documents/:docId/signatures/prepare': "signed-in — DossierAccess write",
  'POST /dossiers/:id/resubmission': "signed-in +portal — DossierAccess",
  'POST /incidents/retry': "roles: admin, analyst, officer — incidents.usecase.ts: the caller's agency",
  'POST /messages': "roles: admin, analyst, officer — MessagesService: instances the sender may act on",
  'POST /portal/messages': "roles: portal +portal — MessagesService",
  'POST /procedure-drafts': "roles: admin, analyst — DraftAccess",
  'POST /procedure-drafts/:id/comments': "roles: admin, analyst — DraftAccess",
  'POST /procedure-drafts/:id/editors': "roles: admin, analyst — DraftAccess",
  'POST /procedure-drafts/:id/publish': "roles: admin, analyst — DraftAccess",
  'POST /process-instances': "roles: admin, analyst, officer — ProcessInstancesService.start: the process's agency",
  'POST /process-instances/:id/cancel': "roles: admin, analyst, officer — ProcessInstancesService.load",
  'POST /process-instances/:id/documents': "signed-in — DocumentAccess write",
  'POST /process-instances/:id/incidents/:incidentId/retry': "roles: admin, officer — ProcessInstancesService.load",
  'POST /process-instances/:id/migration': "roles: admin, analyst — instance-access.ts",
  'POST /process-instances/:id/modification': "roles: admin, analyst — instance-access.ts",
  'POST /process-instances/:id/replay': "roles: admin, auditor — replay-instance.usecase.ts: the caller's agency",
  'POST /process-instances/migrations': "roles: admin, analyst — instance-migration.usecase.ts: the process's agency",
  'POST /signals': "roles: admin, analyst, officer — MessagesService: instances the sender may act on",
  'POST /signatures/verify': "signed-in — verifies an uploaded file, reads nothing stored",
  'POST /task-filters': "signed-in — saved-filters.service.ts: shared only with the caller's units",
  'POST /tasks/:id/claim': "signed-in — TasksService.loadWorkable: visible + officer/admin",
  'POST /tasks/:id/complete': "signed-in — TasksService: visible + officer/admin, candidate",
  'POST /tasks/:id/reassign': "signed-in — TasksService.reassign: unit lead of the task's unit",
  'POST /tasks/:id/unclaim': "signed-in — TasksService.loadWorkable",
  'POST /users': "roles: admin",
  'PUT /procedure-drafts/:id': "roles: admin, analyst — DraftAccess",
  'PUT /procedure-drafts/:id/forms/:formId': "roles: admin, analyst — DraftAccess",
};

const guardOf = (r: RouteAccess) => `${r.public ? 'public' : r.roles ? `roles: ${[...r.roles].sort().join(', ')}` : 'signed-in'}${r.portal ? ' +portal' : ''}`;
/** a concrete path: the guard runs before any pipe, so parameter values do not matter */
const concrete = (path: string) => `/api/v1${path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`;
/** the demo users, by the one role each holds */
const STAFF = ['admin', 'analyst', 'officer', 'auditor'] as const;

describe.each(testDatabaseKinds())('every route is guarded or explicitly public (%s)', (kind) => {
  let h: Harness;
  let routes: RouteAccess[];
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    h = await startApi(kind);
    routes = listRoutes(h.api.app);
    for (const u of [...STAFF, 'portal']) tokens[u] = await h.login(u);
  });
  afterAll(() => h?.close());

  it('the table names every route the API serves, with the guard it has', () => {
    expect(Object.fromEntries(routes.map((r) => [r.route, guardOf(r)]))).toEqual(Object.fromEntries(Object.entries(ACCESS).map(([route, access]) => [route, access.split(' — ')[0]])));
    // a route open to every signed-in user (or public) names what decides who sees what
    expect(Object.entries(ACCESS).filter(([, access]) => /^(signed-in|public)/.test(access) && !access.includes(' — '))).toEqual([]);
  });

  it('without a token every guarded route answers 401; the public ones answer without one', async () => {
    for (const r of routes) {
      const [method, path] = r.route.split(' ');
      const res = await h.call(method, concrete(path));
      if (r.public) expect({ route: r.route, status: res.status }).not.toEqual({ route: r.route, status: 401 });
      else expect({ route: r.route, code: res.body?.error?.code, status: res.status }).toEqual({ route: r.route, code: 'UNAUTHENTICATED', status: 401 });
    }
    expectErrorBody(await h.call('GET', concrete('/tasks')), 401, 'UNAUTHENTICATED');
  });

  it("the portal account gets 403 outside its routes; a user with none of a route's roles gets 403", async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const [method, path] = r.route.split(' ');
      if (!r.portal) {
        const res = await h.call(method, concrete(path), { token: tokens.portal });
        expect({ route: r.route, code: res.body?.error?.code, status: res.status }).toEqual({ route: r.route, code: 'FORBIDDEN', status: 403 });
      }
      const outsider = r.roles ? STAFF.find((u) => !r.roles!.includes(u)) : undefined;
      if (outsider) {
        const res = await h.call(method, concrete(path), { token: tokens[outsider] });
        expect({ route: r.route, user: outsider, code: res.body?.error?.code, status: res.status }).toEqual({ route: r.route, user: outsider, code: 'FORBIDDEN', status: 403 });
        expectErrorBody(res, 403, 'FORBIDDEN');
      }
    }
  });
});
