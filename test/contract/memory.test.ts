import { MemoryStorage } from '../../src/storage/memory-storage';
import { runStorageContract } from './storage-contract';

runStorageContract('memory', async () => new MemoryStorage());
