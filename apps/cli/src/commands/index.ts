import type { Command } from 'commander';
import { calendarCommands } from './calendar';

/** A CLI command module: one file per command group under commands/, registered here. */
export interface CommandModule {
  register(program: Command): void;
}

// Add new command modules to this list (one import per module).
export const commandModules: CommandModule[] = [calendarCommands];
