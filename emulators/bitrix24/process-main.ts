/** Child-process entry of startBitrix24EmulatorProcess: starts the emulator, prints its coordinates as one JSON line. */
import { startBitrix24Emulator } from './index';
import type { Bitrix24EmulatorOptions } from './types';

const options = JSON.parse(process.argv[2] ?? '{}') as Bitrix24EmulatorOptions;
const emu = await startBitrix24Emulator(options);
process.stdout.write(
  `${JSON.stringify({
    baseUrl: emu.baseUrl,
    domain: emu.domain,
    memberId: emu.memberId,
    webhookUrl: emu.webhookUrl,
    oauth: emu.oauth,
    controlUrl: emu.controlUrl,
  })}\n`,
);
const stop = async () => {
  await emu.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The parent holds our stdin open; if it dies (even by SIGKILL) the pipe ends and so do we.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
