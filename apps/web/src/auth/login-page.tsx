import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth-context';
import { useI18n } from '../i18n/i18n-context';
import { ApiError } from '../common/api-error';
import { errorText } from '../common/error-text';
import { LanguageSwitch } from '../common/language-switch';
import { usePageTitle } from '../common/use-page-title';

export function LoginPage() {
  const { user, login, expired } = useAuth();
  const { t } = useI18n();
  usePageTitle(t('login.title'));
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const from = (location.state as { from?: string } | null)?.from ?? '/inbox';
  if (user) return <Navigate to={from === '/login' ? '/inbox' : from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 400) ? t('login.failed') : errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card" aria-labelledby="login-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">T</span>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">
          {t('app.name')} · {t('login.subtitle')}
        </p>
        {expired && !error && (
          <div className="alert alert-info" role="status">
            {t('login.expired')}
          </div>
        )}
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <label className="field">
            <span>{t('login.username')}</span>
            <input
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || !username || !password}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
      <p className="login-footer muted">{t('app.tagline')}</p>
    </div>
  );
}
