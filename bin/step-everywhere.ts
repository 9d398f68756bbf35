import { processDeps } from '../cli/deps';
import { main } from '../cli/program';

// The SDK's notice about Node versions of future SDK releases concerns whoever upgrades the
// dependencies, not each command's user, and would break the one-line error output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2), processDeps()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main answers every error itself; reaching here is a defect worth its stack.
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  },
);
