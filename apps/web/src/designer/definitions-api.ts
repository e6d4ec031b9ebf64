import { api } from '../common/api-client';
import { pageOf } from '../common/page-of';
import type { DeploymentResult, ProcessDefinition } from '../common/types';

export async function listDefinitions(signal?: AbortSignal): Promise<ProcessDefinition[]> {
  return pageOf<ProcessDefinition>(await api<unknown>('/process-definitions', { signal })).items;
}

export const deployXml = (xml: string) => api<DeploymentResult>('/deployments', { method: 'POST', xml });
