import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Does the query ask, directly under this field (through fragments too), for any of `names`? */
export function selectsAny(info: GraphQLResolveInfo, names: string[]): boolean {
  const wanted = new Set(names);
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return wanted.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
