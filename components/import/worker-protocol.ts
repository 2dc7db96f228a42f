/** The messages between the import panel's page (workerClient.ts) and the import worker (import.worker.ts). */
import type { FileResult, OlderAnswer, OlderQuestion, RunProgress } from './runImport';

export type WorkerRequest = { type: 'start'; files: File[]; dbName: string } | { type: 'cancel' } | { type: 'answer'; answer: OlderAnswer };
export type WorkerReply =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'ask'; question: OlderQuestion }
  | { type: 'file'; result: FileResult }
  | { type: 'done'; results: FileResult[] }
  | { type: 'error'; message: string };
