/** Nest injection tokens for values built outside the container. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const API_CONFIG = Symbol('API_CONFIG');
