export {};
export * from './compiler';
export * from "./lint";
export * from "./moddle";
