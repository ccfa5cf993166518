import type { Reranker } from '../reranker.js';
import { mmrReranker } from './mmr-reranker.js';
import { termReranker } from './term-reranker.js';

/** The offline rerankers, always registered: `local` (lexical rescoring) and `mmr` (diversity). */
export const LOCAL_RERANKERS: readonly Reranker[] = [termReranker, mmrReranker];
