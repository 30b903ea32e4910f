// peer-compromise.js — the compromise peer of the newsmill benchmark (bench/run.sh).
// Reads a JSON Lines file of articles ({"text": ...} per line) and parses each text with
// compromise, which tokenises, splits sentences and tags every term when the document is built.
// Prints one line of JSON: articles, bytes, tokens, seconds and CPU seconds (processing only, library load apart).
'use strict';
const fs = require('fs');
const t0 = process.hrtime.bigint();
const nlp = require('compromise');
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const texts = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
  .map((l) => JSON.parse(l).text).filter((t) => typeof t === 'string');
let bytes = 0, tokens = 0, sentences = 0;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const text of texts) {
  bytes += Buffer.byteLength(text, 'utf8');
  const doc = nlp(text);
  // doc.document: one array of terms per sentence, each term already tagged
  for (const sentence of doc.document) tokens += sentence.length;
  sentences += doc.document.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ articles: texts.length, bytes, tokens, sentences, seconds, cpu_seconds: cpuSeconds, load_seconds: loadSeconds }));
