// Workers do not inherit the TypeScript loader of the main thread; register it, then run the worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
