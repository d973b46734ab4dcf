// Removes the build output so that files deleted from src/ leave no stale tests behind.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
