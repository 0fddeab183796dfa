/**
 * How a test reads a refusal. Every error Beacon sends carries `extensions.code`; a
 * BAD_USER_INPUT also lists `extensions.fields` ({ field, message }), and others carry details
 * (CONFLICT's currentVersion, RATE_LIMITED's retryAfterSeconds, the requestId).
 */
interface Refused {
  errors?: { extensions: Record<string, any> }[];
}

/** The codes of every error, in order: `expect(codes(response)).toEqual(['FORBIDDEN'])` also says there was one error. */
export function codes(response: Refused): string[] {
  return (response.errors ?? []).map((e) => e.extensions.code);
}

/** The `extensions.fields[].field` paths of every error, sorted: which inputs a BAD_USER_INPUT named. */
export function badFields(response: Refused): string[] {
  return (response.errors ?? []).flatMap((e) => (e.extensions.fields ?? []).map((f: { field: string }) => f.field)).sort();
}

/** The first error's extensions (its code and details), for assertions on more than the code. */
export function errorOf(response: Refused): Record<string, any> | undefined {
  return response.errors?.[0]?.extensions;
}
