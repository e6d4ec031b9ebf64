export {};
export * from "./lint";
export * from "./moddle";
