export declare const SEARCH_ATTRIBUTES: Record<string, string>;
export declare const SQLITE_PRAGMAS: string[];
export declare function sharedMachineMaxProcs(env?: NodeJS.ProcessEnv): string;
export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  dbFile?: string;
  namespace?: string;
  headless?: boolean;
  ip?: string;
  logLevel?: string;
  searchAttributes?: Record<string, string>;
  readyTimeoutMs?: number;
  stdio?: 'inherit' | 'ignore' | 'pipe';
  extraArgs?: string[];
  /** GOMAXPROCS of the server: 'shared' = sharedMachineMaxProcs() (the caller's GOMAXPROCS, else half the cores); default Go's */
  maxProcs?: number | 'shared';
}
export interface DevServer {
  address: string;
  namespace: string;
  pid: number;
  stop(timeoutMs?: number): Promise<void>;
}
export declare function startDevServer(options?: DevServerOptions): Promise<DevServer>;
