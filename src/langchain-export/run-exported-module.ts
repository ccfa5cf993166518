import type { Document } from '@langchain/core/documents';
import type { Runnable } from '@langchain/core/runnables';
import { loadDataset } from '../data/load-dataset.js';
import { TuneRagError } from '../errors.js';
import { datasetDocuments, evaluatePipeline, type PipelineAnswer } from './evaluate-pipeline.js';

/**
 * The `node exported.mjs --dataset DIR` entry of an exported module: loads the dataset (a folder,
 * file or bundled name, as `tune-rag --dataset` reads it), builds the pipeline on its documents,
 * answers every question and prints `{dataset, fingerprint, questions, failed, metrics}` as JSON
 * on stdout. Bad input prints the error and its hint on stderr and sets exit code 2.
 */
export async function runExportedModule(options: {
  buildPipeline(input: { documents: Document[] }): Promise<Runnable<{ question: string }, PipelineAnswer>>;
  topK: number;
  argv?: string[];
}): Promise<void> {
  const argv = options.argv ?? process.argv.slice(2);
  try {
    const at = argv.indexOf('--dataset');
    const spec = at >= 0 ? argv[at + 1] : undefined;
    if (spec === undefined || spec.startsWith('--'))
      throw new TuneRagError('cli', 'missing --dataset', {
        hint: 'Run it as: node <module>.mjs --dataset DIR (a dataset folder or a bundled name such as demo).',
      });
    const dataset = await loadDataset({ spec, cwd: process.cwd() });
    const pipeline = await options.buildPipeline({ documents: datasetDocuments(dataset) });
    const result = await evaluatePipeline({ pipeline, dataset, topK: options.topK });
    process.stdout.write(
      `${JSON.stringify({ dataset: dataset.name, fingerprint: dataset.fingerprint, ...result }, null, 2)}\n`,
    );
  } catch (error) {
    if (!(error instanceof TuneRagError)) throw error;
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    process.exitCode = 2;
  }
}
