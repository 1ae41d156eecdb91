/**
 * The one rule for an SDK kit name (`@kit.UniversalKeystoreKit`, `ArkData`, `ArkUI.static`) → the
 * registry's kit: the known kit whose English name is the same words (or an explicit mapping),
 * else a new id from the name (`GameServiceKit` → `gameservice-kit`). Used by the build, by
 * `import x.d.ts` and by `api @kit.X`.
 */
import type { KitRef, Localized } from './types.js';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `@kit.ArkUI.static` → `ArkUI`. */
export function bareSdkKit(name: string): string {
  return name.replace(/^@?kit\./i, '').replace(/\.static$/i, '');
}

export function sdkKitRef(name: string, kits: { id: string; name: Localized }[], explicit: Record<string, string> = {}): KitRef {
  const k = bareSdkKit(name);
  const id = explicit[k] ?? kits.find((x) => x.name.en && norm(x.name.en) === norm(k))?.id ?? kits.find((x) => x.id === k.toLowerCase())?.id;
  const known = id ? kits.find((x) => x.id === id) : undefined;
  if (known) return { id: known.id, name: known.name };
  const newId = id ?? ((/Kit$/.test(k) ? `${k.slice(0, -3).toLowerCase()}-kit` : k.toLowerCase()) || 'sdk');
  return { id: newId, name: { en: k.replace(/([a-z])(Kit)$/, '$1 $2') } };
}
