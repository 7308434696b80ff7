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

/** What {@link measureJson} found: the deepest nesting and the commas directly inside the outermost value. */
export interface JsonMeasure { depth: number; topLevelCommas: number }

/**
 * Measures JSON bytes (UTF-8) without building anything: nesting depth and the commas at depth 1 (a bound on
 * the top-level members). Stops as soon as `maxDepth` is passed. Linear and allocation-free, so a hostile
 * safetensors header is judged before JSON.parse spends seconds on it. Strings are skipped; the bytes need not
 * be valid JSON.
 */
export function measureJson(b: Uint8Array, maxDepth: number): JsonMeasure {
  let depth = 0;
  let deepest = 0;
  let topLevelCommas = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x22) { // '"': skip the string, honouring backslash escapes
      for (i++; i < b.length && b[i] !== 0x22; i++) if (b[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) { // '{' '['
      if (++depth > deepest) deepest = depth;
      if (deepest > maxDepth) break;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) topLevelCommas++;
  }
  return { depth: deepest, topLevelCommas };
}
