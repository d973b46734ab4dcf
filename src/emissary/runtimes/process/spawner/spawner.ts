/**
 * @module emissary/runtimes/process/spawner/spawner
 * The spawner process: `node spawner.js`, started by the engine (see `client.ts`) with pipes on its
 * stdin (requests) and stdout (events). Forking a step costs the spawner's small address space, not the
 * engine's, and happens on the spawner's thread, beside the engine's.
 *
 * It exits when its stdin ends, which happens when the engine closes it or dies, and when it is told to
 * stop by a signal; either way it kills its steps' process groups first. The engine starts it in a
 * session of its own, so a Ctrl-C meant for the engine does not reach it.
 */

import { Socket } from 'node:net';
import { serve } from './serve.ts';

const input = new Socket({ fd: 0, readable: true, writable: false });
const output = new Socket({ fd: 1, readable: false, writable: true });
const serving = serve(input, output, () => process.exit(0));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => serving.shutdown());
