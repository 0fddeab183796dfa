import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * What a query selects under the field being resolved, read through fragments and inline
 * fragments: a page's service reads it to build, in its own statements, only the nested data
 * asked for. Directives are not read: a part skipped by @skip is built for nothing, never missed.
 */
export class Selection {
  private constructor(
    private readonly sets: readonly SelectionSetNode[],
    private readonly fragments: GraphQLResolveInfo['fragments'],
  ) {}

  static of(info: GraphQLResolveInfo): Selection {
    return new Selection(info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])), info.fragments);
  }

  /** Is any of `names` selected directly here? */
  has(...names: string[]): boolean {
    return this.fields().some((field) => names.includes(field.name.value));
  }

  /** The selection under every field named `name` here (under each alias), merged. */
  under(name: string): Selection {
    const sets = this.fields().flatMap((field) => (field.name.value === name && field.selectionSet ? [field.selectionSet] : []));
    return new Selection(sets, this.fragments);
  }

  private fields(): FieldNode[] {
    const visit = (set: SelectionSetNode): FieldNode[] =>
      set.selections.flatMap((selection) => {
        if (selection.kind === Kind.FIELD) return [selection];
        if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
        const fragment = this.fragments[selection.name.value];
        return fragment ? visit(fragment.selectionSet) : [];
      });
    return this.sets.flatMap(visit);
  }
}
