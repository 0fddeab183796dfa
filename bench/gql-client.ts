/** A GraphQL request to a Beacon (or the peer) over HTTP: the data, or an Error holding the errors. */
export type Gql = (query: string, variables: Record<string, unknown>, token?: string) => Promise<any>;

export function gqlClient(url: string): Gql {
  return async (query, variables, token) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}
