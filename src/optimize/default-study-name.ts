import { stableHash } from '../json/canonical-json.js';
import { DEFAULT_PRUNER } from './pruners/pruner.js';
import type { StudySettings } from './study-settings.js';

/** Longest dataset-name part of a default study name: names stay short in tables and paths. */
const MAX_NAME_PART = 32;

/**
 * What makes two tuning runs the same search: the dataset content (fingerprint), the completed
 * space with objectives, weights, constraints and question count (`spaceHash`), the seed, the
 * proposer, the fidelity schedule and pruner, and the baseline. The budget is left out on purpose: the same
 * command with a larger `--budget` continues the same search. Paths and tool versions are left
 * out too: moving a dataset folder does not change its results.
 */
export function studyIdentity(settings: StudySettings): string {
  const { dataset, spaceHash, seed, proposer, rungs, eta, baseline } = settings;
  // The default pruner is left out of the hash, so studies from before pruners were pluggable
  // (all successive halving) keep their names and the same command still reopens them.
  const pruner = settings.pruner === undefined || settings.pruner === DEFAULT_PRUNER ? {} : { pruner: settings.pruner };
  return stableHash({ fingerprint: dataset.fingerprint, spaceHash, seed, proposer, rungs, eta, baseline, ...pruner });
}

/**
 * The study name used when no `--study` is given: `<dataset>-<fingerprint 6>-<identity 8>`, e.g.
 * `demo-e1bbc1-3f9a0c2d`. Two folders with the same name but different content get different
 * names (the fingerprint part), and the same command run twice gets the same name, which is what
 * lets a second run resume instead of failing. The dataset part is sanitised into the user-name
 * character set (see names/user-name.ts), so the name passes the same check as a `--study` and is a
 * safe folder name under `.tune-rag/studies/`.
 */
export function defaultStudyName(settings: StudySettings): string {
  // Into the user-name set (names/user-name.ts): odd characters become "-", ".." one ".", and the
  // name starts with a letter or digit. Ordinary dataset names (demo, squad_v1.1_dev) are unchanged.
  const base =
    settings.dataset.name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[^A-Za-z0-9]+|[-.]+$/g, '')
      .slice(0, MAX_NAME_PART) || 'dataset';
  return `${base}-${settings.dataset.fingerprint.slice(0, 6)}-${studyIdentity(settings).slice(0, 8)}`;
}
