import { api } from '../common/api-client';
import { pageOf } from '../common/page-of';
import type { DeploymentResult, ProcessDefinition } from '../common/types';

/** Deployed versions; `latest` keeps the newest version of each key. */
export async function listDefinitions(signal?: AbortSignal, latest = false): Promise<ProcessDefinition[]> {
  const path = latest ? '/process-definitions?latest=true' : '/process-definitions';
  return pageOf<ProcessDefinition>(await api<unknown>(path, { signal })).items;
}

export const deployXml = (xml: string) => api<DeploymentResult>('/deployments', { method: 'POST', xml });
