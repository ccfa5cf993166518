import type { Config } from '../space/parameter-schema.js';
import type { MetricComparison } from './regression-decision.js';

/** One side of a comparison as recorded: enough to reproduce it and to tell runs apart. */
export interface EvaluatedSubject {
  source: string;
  config: Config;
  /** stableHash of the resolved configuration: equal hashes mean the same pipeline settings. */
  configHash: string;
  /** Versions of the components this configuration uses (a bump changes results without a config change). */
  components: Record<string, string>;
  /** Questions whose pipeline failed in any repeat (scored as unanswered). */
  failures: number;
}

/** The outcome of one eval job: every number the JSON, JUnit, Markdown and history outputs show. */
export interface EvalJobResult {
  name: string;
  /** Epoch milliseconds when the job started. */
  startedAt: number;
  dataset: {
    spec: string;
    name: string;
    format: string;
    fingerprint: string;
    documents: number;
    questions: number;
    totalQuestions: number;
  };
  candidate: EvaluatedSubject;
  baseline: EvaluatedSubject;
  seed: number;
  repeat: number;
  metrics: MetricComparison[];
  /** True when any metric's verdict is "regression". */
  regressed: boolean;
  versions: { 'tune-rag': string; node: string };
  wallMs: number;
}
