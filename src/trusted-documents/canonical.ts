import { createHash } from 'node:crypto';
import { Kind, print, visit, type DocumentNode, type ExecutableDefinitionNode, type FragmentDefinitionNode } from 'graphql';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The document of one definition of `document`, the form a trusted document is hashed and run
 * in: the definition first, then every fragment it uses (directly or through other fragments)
 * in name order, printed by graphql's `print`. Printing drops comments, commas and the file's
 * layout, and cutting drops the file's other operations, so the same operation gives the same
 * text (and hash) however a client formats it or whatever else its file holds. Undefined when
 * a fragment it uses is not in `document`.
 */
export function cutDocument(document: DocumentNode, definition: ExecutableDefinitionNode): string | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const node of document.definitions) if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, node);
  const used = new Map<string, FragmentDefinitionNode>();
  const seen = new Set(definition.kind === Kind.FRAGMENT_DEFINITION ? [definition.name.value] : []);
  let missing = false;
  const pending: ExecutableDefinitionNode[] = [definition];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (seen.has(name)) return;
        seen.add(name);
        const fragment = fragments.get(name);
        if (!fragment) {
          missing = true;
          return;
        }
        used.set(name, fragment);
        pending.push(fragment);
      },
    });
  }
  if (missing) return undefined;
  const sorted = [...used.values()].sort((a, b) => (a.name.value < b.name.value ? -1 : 1));
  return print({ kind: Kind.DOCUMENT, definitions: [definition, ...sorted] });
}
