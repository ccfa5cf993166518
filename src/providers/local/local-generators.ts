import type { Generator } from '../generator.js';
import { extractiveSentenceGenerator, extractiveSpanGenerator } from './extractive-answerer.js';

/** The offline generators, always registered: extractive sentence and extractive span answerers. */
export const LOCAL_GENERATORS: readonly Generator[] = [extractiveSentenceGenerator, extractiveSpanGenerator];
