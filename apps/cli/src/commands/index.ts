import type { Command } from 'commander';
import { pkiCommand } from './pki.command';
import { signCommand } from './sign.command';
import { verifyCommand } from './verify.command';
import { calendarCommands } from './calendar';
import { deployCommand } from './deploy.command';
import { historyCommand } from './history.command';
import { lintCommand } from './lint.command';
import { startCommand } from './start.command';
import { replayCommand } from './replay.command';
import { auditCommands } from './audit.command';
import { signAgentCommand } from './sign-agent.command';
import { instancesCommands } from './instances.command';

/** A CLI command module: one file per command group under commands/, registered here. */
export interface CommandModule {
  register(program: Command): void;
}

// Add new command modules to this list (one import per module).
export const commandModules: CommandModule[] = [lintCommand, deployCommand, startCommand, historyCommand, calendarCommands, pkiCommand, signCommand, verifyCommand, replayCommand, auditCommands, signAgentCommand, instancesCommands];
