import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';

export function Layout() {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const name = user?.fullName || user?.displayName || user?.username || '';
  // the designer is for analysts and admins; without role information every item shows
  const roles = user?.roles;
  const designs = !roles || roles.some((r) => r === 'analyst' || r === 'admin');
  const counters = !roles || roles.some((r) => r === 'officer' || r === 'admin');
  const audits = !roles || roles.some((r) => r === 'auditor' || r === 'admin');
  const operates = !roles || roles.some((r) => r === 'admin' || r === 'analyst' || r === 'officer' || r === 'auditor');
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">T</span>
          <span className="brand-text">
            <strong>{t('app.name')}</strong>
            <small>{t('app.tagline')}</small>
          </span>
        </div>
        <nav aria-label={t('nav.main')} className="mainnav">
          <NavLink to="/inbox">{t('nav.inbox')}</NavLink>
          {counters && <NavLink to="/quay">{t('nav.counter')}</NavLink>}
          <NavLink to="/ho-so">{t('nav.dossiers')}</NavLink>
          <NavLink to="/thu-tuc">{t('nav.catalog')}</NavLink>
          <NavLink to="/instances">{t('nav.instances')}</NavLink>
          {operates && <NavLink to="/incidents">{t('nav.incidents')}</NavLink>}
          {designs && <NavLink to="/designer">{t('nav.designer')}</NavLink>}
          <NavLink to="/calendar">{t('nav.calendar')}</NavLink>
          {audits && <NavLink to="/audit">{t('nav.audit')}</NavLink>}
        </nav>
        <div className="topbar-right">
          <LanguageSwitch />
          <span className="user-chip" title={t('nav.signedInAs', { name })}>
            <span className="avatar" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
            <span className="sr-only">{t('nav.signedInAs', { name })}</span>
            <span aria-hidden="true">{name}</span>
          </span>
          <button type="button" className="btn btn-ghost" onClick={logout}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <p className="muted">{t('error.notFoundPage')}</p>;
}
