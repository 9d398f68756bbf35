import { runDemo } from '../local/demo/run-demo';

/** `npm start`: the main job on the embedded local cloud. */
runDemo({ stateDir: process.env.STEP_EVERYWHERE_STATE_DIR ?? '.step-everywhere', print: (line) => console.log(line) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    console.error(`npm start failed: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}`);
    if (!debug) console.error('run `npm start -- --debug` for the stack trace');
    process.exit(2);
  },
);
