import { SIGN_AGENT_DEFAULT_PORT } from '@tthc/contracts';
import type { Command } from 'commander';
import { print } from '../output';
import { startSignAgent } from '../sign-agent/sign-agent.server';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

interface AgentOpts {
  pkcs11Module?: string;
  port: string;
  origin?: string;
  pairingCode?: string;
  pin?: string;
  json?: boolean;
}

export const signAgentCommand: CommandModule = {
  register(program: Command) {
    program
      .command('sign-agent')
      .description("local signing agent: the web app signs with the officer's PKCS#11 USB token through http://127.0.0.1:<port>")
      .option('--pkcs11-module <lib>', 'PKCS#11 module of the token (or env TTHC_PKCS11_MODULE)')
      .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', String(SIGN_AGENT_DEFAULT_PORT))
      .option('--origin <url>', 'the web app allowed to call the agent (or env TTHC_WEB_ORIGIN; default TTHC_URL or http://localhost:3000)')
      .option('--pairing-code <code>', 'pairing code the web page must send (or env TTHC_AGENT_PAIRING_CODE; default: a new random one, printed)')
      .option('--pin <pin>', 'token PIN, so the page need not ask for it (or env TTHC_PIN)')
      .option('--json', 'print the agent URL, origin and pairing code as JSON')
      .action((o: AgentOpts) =>
        runCommand(!!o.json, async () => {
          const module = o.pkcs11Module ?? process.env.TTHC_PKCS11_MODULE;
          if (!module) throw Object.assign(new Error('--pkcs11-module (or TTHC_PKCS11_MODULE) is required'), { code: 'AGENT_BAD_REQUEST' });
          const port = Number(o.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw Object.assign(new Error(`--port must be 0…65535, not ${o.port}`), { code: 'AGENT_BAD_REQUEST' });
          const agent = await startSignAgent({
            module,
            port,
            origin: o.origin ?? process.env.TTHC_WEB_ORIGIN ?? process.env.TTHC_URL ?? 'http://localhost:3000',
            pairingCode: o.pairingCode ?? process.env.TTHC_AGENT_PAIRING_CODE,
            pin: o.pin ?? process.env.TTHC_PIN,
          });
          print(!!o.json, { url: agent.url, origin: agent.origin, pairingCode: agent.pairingCode }, () =>
            [`tthc sign-agent listening on ${agent.url} for ${agent.origin}`, `pairing code (enter it once in the web page): ${agent.pairingCode}`].join('\n'),
          );
          await new Promise<void>((resolve) => {
            const stop = () => void agent.close().then(resolve);
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        }),
      );
  },
};
