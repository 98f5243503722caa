import { MemoryStorage } from '../../src/storage/memory-storage';
import { storageContract } from '../../src/testing';

storageContract('memory', async () => new MemoryStorage());
