// peer-wink.js — the wink-nlp peer of the newsmill benchmark (bench/run.sh).
// Reads a JSON Lines file of articles ({"text": ...} per line) and runs wink-nlp with the
// wink-eng-lite-web-model over each text: tokenisation, sentence boundaries and part-of-speech
// tags (pipe ['sbd', 'pos']), reading every token's POS so the work is not skipped lazily.
// Prints one line of JSON: articles, bytes, tokens, seconds and CPU seconds (processing only, model load apart).
'use strict';
const fs = require('fs');
const t0 = process.hrtime.bigint();
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const texts = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
  .map((l) => JSON.parse(l).text).filter((t) => typeof t === 'string');
let bytes = 0, tokens = 0, sentences = 0;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const text of texts) {
  bytes += Buffer.byteLength(text, 'utf8');
  const doc = nlp.readDoc(text);
  tokens += doc.tokens().out(its.pos).length;
  sentences += doc.sentences().length();
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ articles: texts.length, bytes, tokens, sentences, seconds, cpu_seconds: cpuSeconds, load_seconds: loadSeconds }));
