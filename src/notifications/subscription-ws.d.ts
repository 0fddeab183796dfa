declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
