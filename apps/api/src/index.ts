export { createApp, type RunningApi } from './create-app';
export { loadConfigFromEnv, jwtSecretFor, type ApiConfig } from './config/api-config';
export { DEMO_PASSWORD, seedDemo } from './identity/demo-seed';
export { hashPassword, verifyPassword } from './identity/password-hasher';
