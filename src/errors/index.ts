/** @module errors — the error vocabulary; imports nothing. */
export * from './nuncio-error.ts';
