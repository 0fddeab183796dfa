export const entities: Function[] = [];
export const migrations: Function[] = [];
export const resolvers: Function[] = [];
