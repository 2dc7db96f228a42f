// Unit-test setup: an in-memory IndexedDB for Dexie (real implementation, not a mock).
import 'fake-indexeddb/auto';
