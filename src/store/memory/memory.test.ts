/**
 * @module store/memory/memory.test
 * The in-memory store against the shared contract; a second instance over the same MemoryStorage stands
 * for a second process on the same database.
 */

import { runStoreContract } from '../store.contract.ts';
import { MemoryStore } from './memory-store.ts';

runStoreContract('memory', async (sameStorageAs) =>
  sameStorageAs instanceof MemoryStore ? new MemoryStore(sameStorageAs.storage) : new MemoryStore(),
);
