export declare const TEMPORAL_SERVER_VERSION: string;
export declare const TEMPORAL_SERVER_GO_TOOLCHAIN: string;
export declare function temporalServerDir(env?: NodeJS.ProcessEnv): string;
export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  dir: string;
  built: boolean;
  buildSeconds?: number;
}
export declare function ensureTemporalServer(options?: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }): Promise<TemporalServerBinaries>;
export declare function runSetupScript(script: string, env: Record<string, string>, options?: { timeoutMs?: number }): Promise<string>;
export interface RunningTemporalServer {
  address: string;
  pid: number;
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}
export declare function startTemporalServer(options: { server: string; env: Record<string, string>; logFile?: string; readyTimeoutMs?: number }): Promise<RunningTemporalServer>;
