export * from "./candidates";
export * from "./companies";
export * from "./openings";
export * from "./mail";
export * from "./documents";
export * from "./portal";
export * from "./reengage";
export * from "./careers";
