/**
 * A figure's settings in the address, so a copied link opens the step with the same settings. The route stays in
 * the hash's path ('#/convolution/2', Router.svelte.ts); settings live in its query part, one parameter per field,
 * named '<figure key>.<field>': '#/convolution/2?geo.s=2&geo.d=2'. Only fields that differ from the figure's
 * defaults are written, with history.replaceState (a setting change is not a page turn, so Back still goes to
 * the previous step). A value that does not parse is ignored and the field keeps its default.
 */

/** How one field is written to and read from its parameter; parse returns undefined for anything invalid. */
export interface Field<T> {
  parse(raw: string): T | undefined;
  format(value: T): string;
}

/** One Field per key of a figure's settings object S. */
export type Schema<S> = { [K in keyof S]: Field<S[K]> };

/** An integer in [min, max]. */
export function intField(min: number, max: number): Field<number> {
  return {
    parse: (raw) => (/^-?\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : undefined),
    format: (v) => String(v),
  };
}

/** A finite number in [min, max] (written as the shortest string that reads back the same number). */
export function numberField(min: number, max: number): Field<number> {
  return {
    parse: (raw) => {
      const v = raw.trim() === '' ? NaN : Number(raw);
      return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
    },
    format: (v) => String(v),
  };
}

/** One of a fixed list of strings or numbers (compared by their string form). */
export function choiceField<T extends string | number>(values: readonly T[]): Field<T> {
  return {
    parse: (raw) => values.find((v) => String(v) === raw),
    format: (v) => String(v),
  };
}

/** true/false written as 1/0. */
export const boolField: Field<boolean> = {
  parse: (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
  format: (v) => (v ? '1' : '0'),
};

/** Exactly `length` finite numbers in [min, max], written '1_0.5_-2'. */
export function numberListField(length: number, min: number, max: number): Field<number[]> {
  const one = numberField(min, max);
  return {
    parse: (raw) => {
      const vals = raw.split('_').map((t) => one.parse(t));
      return vals.length === length && vals.every((v) => v !== undefined) ? (vals as number[]) : undefined;
    },
    format: (v) => v.map((x) => String(x)).join('_'),
  };
}

/** A square grid of finite numbers (k×k, k in sizes, each |v| ≤ maxAbs) written row-major as '1_0_-1_…'. */
export function squareGridField(sizes: readonly number[], maxAbs: number): Field<number[][]> {
  return {
    parse: (raw) => {
      const vals = raw.split('_').map((t) => (t.trim() === '' ? NaN : Number(t)));
      const k = Math.round(Math.sqrt(vals.length));
      if (!sizes.includes(k) || k * k !== vals.length || vals.some((v) => !Number.isFinite(v) || Math.abs(v) > maxAbs)) return undefined;
      return Array.from({ length: k }, (_, r) => vals.slice(r * k, r * k + k));
    },
    format: (g) => g.flat().map((v) => String(v)).join('_'),
  };
}

/** The hash's query part as parameters ('#/a/1?x=1' → x=1; none → empty). */
export function hashParams(hash: string): URLSearchParams {
  const q = hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
}

/** Reads a figure's settings from parameters: each field that parses, else its default. */
export function decodeSettings<S extends object>(key: string, schema: Schema<S>, defaults: S, params: URLSearchParams): S {
  const out = { ...defaults };
  for (const name of Object.keys(schema) as (keyof S & string)[]) {
    const raw = params.get(`${key}.${name}`);
    if (raw === null) continue;
    const v = schema[name].parse(raw);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Writes a figure's settings into parameters (a copy): its old fields removed, fields equal to the default left out. */
export function encodeSettings<S extends object>(key: string, schema: Schema<S>, defaults: S, value: S, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of Object.keys(schema) as (keyof S & string)[]) {
    const f = schema[name];
    const text = f.format(value[name]);
    if (text === f.format(defaults[name])) out.delete(`${key}.${name}`);
    else out.set(`${key}.${name}`, text);
  }
  return out;
}

/** Replaces the query part of a hash ('#/a/1?x=1', y=2 → '#/a/1?y=2'; empty parameters → '#/a/1'). */
export function withHashParams(hash: string, params: URLSearchParams): string {
  const path = hash.split('?')[0];
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * One figure's settings bound to the address: `initial` is what the address asked for when the figure mounted;
 * save(value) rewrites the figure's parameters with replaceState, and only while the address still names the step
 * the figure was mounted on (a figure being torn down after a page turn must not write into the next step's link).
 */
export class FigureState<S extends object> {
  readonly initial: S;
  readonly #path: string;

  constructor(
    readonly key: string,
    readonly schema: Schema<S>,
    readonly defaults: NoInfer<S>,
    readonly win: Window = window,
  ) {
    this.#path = win.location.hash.split('?')[0];
    this.initial = decodeSettings(key, schema, defaults, hashParams(win.location.hash));
  }

  /** Writes the settings into the address (no history entry); a no-op if nothing changed or the step changed. */
  save(value: S): void {
    const hash = this.win.location.hash;
    if (hash.split('?')[0] !== this.#path) return;
    const next = withHashParams(hash, encodeSettings(this.key, this.schema, this.defaults, value, hashParams(hash)));
    if (next === hash || (hash === '' && next === '')) return;
    const url = new URL(this.win.location.href);
    url.hash = next;
    this.win.history.replaceState(this.win.history.state, '', url);
  }
}
