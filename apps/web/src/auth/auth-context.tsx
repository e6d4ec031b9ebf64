import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized } from '../common/api-client';
import type { User } from '../common/types';
import { tokenStore } from './token-store';

interface AuthValue {
  user: User | null;
  /** set when the last session ended because the server refused the token */
  expired: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(() => (tokenStore.get() ? tokenStore.user() : null));
  const [expired, setExpired] = useState(false);

  const logout = useCallback(() => {
    tokenStore.clear();
    setUser(null);
  }, []);

  useEffect(
    () =>
      onUnauthorized(() => {
        tokenStore.clear();
        setExpired(true);
        setUser(null);
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const result = await api<{ accessToken: string; user?: User }>('/auth/login', {
      method: 'POST',
      json: { username, password },
    });
    const who = result.user ?? { id: username, username };
    tokenStore.save(result.accessToken, who);
    setExpired(false);
    setUser(who);
  }, []);

  const value = useMemo(() => ({ user, expired, login, logout }), [user, expired, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
