/**
 * The few builders every part of the results schema is written with: closed objects (a field
 * that is not described is refused), numbers that may be null (a statistic that is not finite is
 * written as null), records keyed by model or measure name. Each takes the field's description
 * first, so that no field goes undescribed.
 */
import { Type, type TLiteral, type TProperties, type TSchema, type TUnion } from '@sinclair/typebox';

/** An object with exactly these fields (others are refused). */
export function obj<T extends TProperties>(description: string, properties: T) {
  return Type.Object(properties, { description, additionalProperties: false });
}

/** A number. */
export function num(description: string) {
  return Type.Number({ description });
}

/** A whole number (a count). */
export function count(description: string) {
  return Type.Integer({ description, minimum: 0 });
}

/** A statistic: a number, or null where it is undefined or not finite. */
export function stat(description: string) {
  return Type.Union([Type.Number(), Type.Null()], { description });
}

/** Text. */
export function text(description: string) {
  return Type.String({ description });
}

/** Text or null. */
export function textOrNull(description: string) {
  return Type.Union([Type.String(), Type.Null()], { description });
}

/** One of these words. */
export function oneOf<const T extends readonly string[]>(description: string, values: T) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;
}

/** A list. */
export function list<T extends TSchema>(description: string, items: T) {
  return Type.Array(items, { description });
}

/** A list of numbers. */
export function numbers(description: string) {
  return Type.Array(Type.Number(), { description });
}

/** A list of statistics (null where undefined). */
export function stats(description: string) {
  return Type.Array(Type.Union([Type.Number(), Type.Null()]), { description });
}

/** A list of text. */
export function texts(description: string) {
  return Type.Array(Type.String(), { description });
}

/** A record keyed by any name (a model's, a feature's, a batch's). */
export function record<T extends TSchema>(description: string, values: T) {
  return Type.Record(Type.String(), values, { description });
}

/** A record whose keys match `pattern` (others are refused). */
export function keyed<T extends TSchema>(description: string, pattern: string, values: T) {
  return Type.Record(Type.String({ pattern }), values, { description, additionalProperties: false });
}

/** Null, or the value. */
export function orNull<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()], { description: (schema as { description?: string }).description });
}

/** A field that may be absent. */
export const optional = Type.Optional;

/** The `$comment` of a part embedded from the study file's schema (described there). */
export const EMBEDDED = 'from schema/study.schema.json';

/** Embeds a part of another JSON Schema (the study file's) with its TypeScript type. */
export function embed<T>(description: string, schema: object) {
  const { $schema: _s, $id: _i, title: _t, ...rest } = schema as Record<string, unknown>;
  return Type.Unsafe<T>({ ...rest, description, $comment: EMBEDDED });
}

/** The same schema with the description of the field it is used for. */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}
