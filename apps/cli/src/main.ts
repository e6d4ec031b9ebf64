import { Command } from 'commander';
import { commandModules } from './commands';
import { fail } from './output';

const program = new Command();
program
  .name('tthc')
  .description('TTHC Flow command-line client (API at TTHC_URL, default http://localhost:3000)')
  .showHelpAfterError()
  .exitOverride();

for (const mod of commandModules) mod.register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; exitCode?: number; message?: string };
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
  if (e.code?.startsWith('commander.')) process.exit(e.exitCode ?? 2);
  fail(err);
});
