/**
 * @module store/migrations/migrations
 * Every migration, in the order they are applied. Append new ones; never reorder or edit.
 */

import { init } from './0001-init.ts';
import { controls } from './0002-controls.ts';
import type { Migration } from './migration.ts';

export const migrations: readonly Migration[] = [init, controls];
