import type { Dataset } from './dataset-schema.js';
import { loadBeirDataset } from './load-beir.js';
import { loadFolderDataset } from './load-folder.js';
import { loadNativeDataset } from './load-native.js';
import { loadSquadDataset } from './load-squad.js';
import { resolveDataset } from './resolve-dataset.js';

/**
 * Loads a dataset from a user's spec (bundled name or path, see resolveDataset) with the loader
 * of its detected format. The result is validated and fingerprinted; any problem is one
 * TuneRagError (code 'dataset' or 'io') whose message lists every bad line.
 */
export async function loadDataset(options: {
  spec: string;
  cwd: string;
  /** A folder dataset's document files above this many MB are refused (default 50). */
  maxDocumentMb?: number;
}): Promise<Dataset> {
  const { path, name, format } = resolveDataset(options);
  switch (format) {
    case 'native':
      return loadNativeDataset({ dir: path, name });
    case 'beir':
      return loadBeirDataset({ dir: path, name });
    case 'squad':
      return loadSquadDataset({ file: path, name });
    case 'folder':
      return loadFolderDataset({ dir: path, name, maxDocumentMb: options.maxDocumentMb });
  }
}
