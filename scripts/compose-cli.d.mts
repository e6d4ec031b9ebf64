export declare const COMPOSE_VERSION: string;
export declare function composeCliDir(env?: NodeJS.ProcessEnv): string;
export declare function ensureComposeCli(options?: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }): { path: string; built: boolean; buildSeconds?: number };
