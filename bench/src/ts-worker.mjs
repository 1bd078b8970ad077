// Worker-thread entry for the bench's TypeScript workers: registers tsx in this thread, then
// imports the .ts module named in workerData.tsModule (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsModule);
