/** DTOs of the HTTP API v1 as the web app uses them (architecture.md §5). */
import type { TaskView } from '@tthc/contracts';

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'FAILED' | 'CANCELED';
export type TaskState = 'OPEN' | 'CLAIMED' | 'COMPLETING' | 'COMPLETED' | 'CANCELED';

export interface User {
  id: string;
  username: string;
  fullName?: string;
  displayName?: string;
  units?: string[];
  roles?: string[];
  groups?: string[];
  agency?: string;
}

/** A task of the inbox: the contract's view (with its dossier and working time left). */
export type Task = TaskView;

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface ProcessInstance {
  id: string;
  processKey: string;
  version: number;
  businessKey?: string | null;
  state: InstanceState;
  activeElementIds?: string[];
  variables?: Record<string, unknown>;
  startedAt?: string;
  endedAt?: string | null;
  startedBy?: string | null;
  incidents?: Incident[];
}

export interface Incident {
  id: string;
  elementId: string;
  message: string;
}

export interface ElementHistory {
  elementInstanceId?: string;
  elementId: string;
  elementType: string;
  name?: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'FAILED';
  startedAt: string;
  endedAt?: string | null;
  by?: string | null;
}

export interface InstanceHistory {
  elements: ElementHistory[];
  events?: unknown[];
}

export interface ProcessDefinition {
  id?: string;
  key: string;
  version: number;
  name?: string;
  deployedAt?: string;
}

export interface DeploymentResult {
  processes: Array<{ key: string; version: number; id: string }>;
}
