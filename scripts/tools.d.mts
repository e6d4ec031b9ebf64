export declare const TEMPORAL_CLI_VERSION: string;
export declare const TEMPORAL_TEST_SERVER_VERSION: string;
export declare function temporalCliPath(): string;
export declare function temporalTestServerPath(): string;
