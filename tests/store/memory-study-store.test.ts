import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryStudyStore', () => new MemoryStudyStore());
