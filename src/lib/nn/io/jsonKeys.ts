/**
 * Duplicate-key detection for JSON text. JSON.parse silently keeps the last of two equal keys, so a
 * safetensors header naming one tensor twice would parse "fine" and lose a tensor; this scanner walks the
 * (already JSON.parse-validated) text and reports the first key that repeats within one object.
 */

/** A repeated key and the object keys leading to it ([] = the top-level object). */
export interface DuplicateKey { key: string; path: string[] }

interface Frame { keys: Set<string> | null; expectKey: boolean; name: string }

/** Index just past the closing quote of the string literal that starts at `i` (text[i] === '"'). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/**
 * Returns the first duplicated key in `text` (valid JSON), or null. Linear time; no recursion, so deep
 * nesting cannot overflow the stack.
 */
export function findDuplicateKey(text: string): DuplicateKey | null {
  const stack: Frame[] = [];
  let lastKey = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.keys.has(key)) return { key, path: stack.slice(1).map((f) => f.name) };
        top.keys.add(key);
        top.expectKey = false;
        lastKey = key;
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      const name = top?.keys ? lastKey : `${top ? top.name : ''}[]`;
      stack.push({ keys: c === '{' ? new Set() : null, expectKey: c === '{', name });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top?.keys) {
      top.expectKey = true;
    }
    i++;
  }
  return null;
}
