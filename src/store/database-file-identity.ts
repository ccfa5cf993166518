import { statSync } from 'node:fs';
import { StoreFailureError } from './store-failure.js';
import { optionRef } from '../errors.js';

/**
 * The identity (device and inode) of the study database file when it was opened. An open SQLite
 * connection keeps writing to a file that was deleted or replaced under it, and everything it
 * writes then is lost when the process ends; checking the path before and after each write
 * transaction turns that into an immediate stop. One `stat` per write: a handful per trial.
 */
export class DatabaseFileIdentity {
  private constructor(
    private readonly path: string,
    private readonly dev: number,
    private readonly ino: number,
  ) {}

  /** Records the identity of `path` right after it was opened; null for an in-memory database. */
  static of(path: string): DatabaseFileIdentity | null {
    if (path === ':memory:' || path === '') return null;
    const stat = statSync(path);
    return new DatabaseFileIdentity(path, stat.dev, stat.ino);
  }

  /** Throws a {@link StoreFailureError} when the path no longer names the file that was opened. */
  check(): void {
    let stat;
    try {
      stat = statSync(this.path);
    } catch {
      throw this.gone('deleted');
    }
    if (stat.dev !== this.dev || stat.ino !== this.ino) throw this.gone('replaced by another file');
  }

  private gone(what: string): StoreFailureError {
    return new StoreFailureError({
      path: this.path,
      message: `the study database ${this.path} was ${what} while this run was using it; the run stopped`,
      hint:
        `nothing more was written. If you have a copy of the file, put it back and run the same command with ${optionRef('resume')}; ` +
        'otherwise run the command again to start a new study (stages computed before come from the cache)',
    });
  }
}
