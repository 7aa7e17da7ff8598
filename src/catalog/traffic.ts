// What kind of model traffic a call carries, read from its API (`chat.completions.create`, `embeddings.create`,
// `VectorStoreIndex.from_documents`, `audio.speech.create`). Generation is what runs long and is capped by a
// token limit; the other kinds are priced and served differently, and a gateway often carries only some of them.

export type Traffic = 'generation' | 'embedding' | 'image' | 'audio' | 'rerank' | 'moderation';

const KINDS: readonly [Exclude<Traffic, 'generation'>, RegExp][] = [
  ['embedding', /embed|similarity|add_texts|add_documents|addDocuments|from_documents|from_texts|retrieve|VectorStoreIndex|insert_nodes/i],
  ['image', /image/i],
  ['audio', /audio|speech|transcri|tts/i],
  ['rerank', /rerank/i],
  ['moderation', /moderation/i],
];

export function trafficOf(api: string): Traffic {
  return KINDS.find(([, re]) => re.test(api))?.[0] ?? 'generation';
}
