export * from "./candidates";
export * from "./companies";
export * from "./openings";
export * from "./mail";
