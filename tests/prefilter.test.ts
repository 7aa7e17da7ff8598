import { describe, expect, it } from 'vitest';
import { hostWords, needsFullParse, prefilterFor } from '../src/catalog/prefilter.ts';

describe('which files get a full parse', () => {
  it('passes a file whose only sign is a vendor host, an inference or platform path, or a home-grown call recorder', () => {
    expect([
      'url = "https://api.cartesia.ai"\nsession.post(url + "/tts/bytes", json=body)\n',
      'requests.post(f"http://{HOST}/embedding", json={"texts": texts})\n',
      'client.stream("POST", "/chat-messages", json=payload)\n',
      'async def record_llm_call(model, tokens, duration_ms): ...\n',
    ].map(needsFullParse)).toEqual([true, true, true, true]);
  });

  it('passes a model request body written for a configured endpoint, and skims a type that only declares the fields', () => {
    expect([
      'payload = {\n    "model": credentials.MODEL_ID,\n    "input": text,\n}\nsession.post(credentials.URL, json=payload)\n',
      'body = {"messages": history, "temperature": 0.2, "model": settings.model}\n',
      'interface ChatRequest {\n  model: string;\n  messages: Message[];\n}\n',
      'config = {"model": "resnet", "layers": 4}\n',
    ].map(needsFullParse)).toEqual([true, true, false, false]);
  });

  it('skims a file that names only a platform domain or nothing the scan looks for', () => {
    expect(['link = "https://learn.microsoft.com/docs"\n', 'def add(a, b):\n    return a + b\n'].map(needsFullParse)).toEqual([false, false]);
  });

  it('reads the domain a host pattern spells, and none from local addresses or platform domains', () => {
    expect([/(^|\.)api\.cartesia\.ai$/, /^(localhost|127\.0\.0\.1|0\.0\.0\.0):11434$/, /^(bard|gemini)\.google\.com$/].map(hostWords)).toEqual([['api.cartesia.ai'], [], []]);
  });

  it("does not take a repository's own package name for a sign: a framework's files import their siblings by it", () => {
    const sibling = 'from crewai.agent import Agent\n';
    const scoped = "import { BaseMessage } from '@langchain/core/messages';\n";
    const call = 'from crewai.llm import LLM\nclient = openai.OpenAI()\n';
    const inCrew = prefilterFor(['crewai', 'crewai-tools']);
    const inLangchain = prefilterFor(['@langchain/core', '@langchain/openai']);
    const elsewhere = prefilterFor(['my-support-bot']);
    expect([inCrew.test(sibling), inCrew.test(call), inCrew.test(scoped)]).toEqual([false, true, true]);
    expect([inLangchain.test(scoped), inLangchain.test(sibling)]).toEqual([false, true]);
    expect([elsewhere.test(sibling), elsewhere.test(scoped)]).toEqual([true, true]);
    expect([inCrew.words, inLangchain.words, elsewhere.words]).toEqual([['crewai'], ['langchain'], []]);
  });
});
